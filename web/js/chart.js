// A horizontal bar per row: the share of milestones done, in progress and not started (excused
// ones are not counted), with the figures written beside each bar. The SVG has a title and a
// description, and the same figures are in the table under it: the colours are never the only way in.
import { labels } from './labels.js';

const svgNs = 'http://www.w3.org/2000/svg';

export const segments = [
  { key: 'done', label: labels.progress.done, colour: '#1e6b2f' },
  { key: 'inProgress', label: labels.progress.in_progress, colour: '#1d4f91' },
  { key: 'notStarted', label: labels.progress.not_started, colour: '#8a929e' },
];

export const percent = (share) => (share === null ? '–' : `${Math.round(share * 100)} %`);

function node(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** rows: [{ label, figures }]; width: the room it has, in CSS pixels; figures as the API gives them (done, inProgress, notStarted, excused, overdue, doneShare). */
export function progressChart(rows, { title, description, width: available = 640 }) {
  const rowHeight = 46;
  const top = 30;
  // Drawn at the width it is shown at, so the text stays readable on a phone.
  const width = Math.max(300, Math.min(640, Math.floor(available)));
  const barLeft = 0;
  const barWidth = width - 170;
  const height = top + rows.length * rowHeight + 6;
  const svg = node('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'chart-title chart-description', class: 'chart' });
  svg.append(node('title', { id: 'chart-title' }, title), node('desc', { id: 'chart-description' }, description));
  // Legend
  let legendX = 0;
  for (const segment of segments) {
    svg.append(node('rect', { x: legendX, y: 4, width: 14, height: 14, fill: segment.colour, stroke: '#4a4a4a', 'stroke-width': 0.5 }));
    svg.append(node('text', { x: legendX + 20, y: 16, class: 'legend' }, segment.label));
    legendX += 20 + segment.label.length * 8 + 24;
  }
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    svg.append(node('text', { x: barLeft, y: y + 12, class: 'row-label' }, row.label));
    const counted = row.figures.done + row.figures.inProgress + row.figures.notStarted;
    let x = barLeft;
    for (const segment of segments) {
      const value = row.figures[segment.key];
      if (counted === 0 || value === 0) continue;
      const w = (value / counted) * barWidth;
      svg.append(node('rect', { x, y: y + 18, width: Math.max(w - 1, 0.5), height: 18, fill: segment.colour }));
      x += w;
    }
    if (counted === 0) svg.append(node('rect', { x: barLeft, y: y + 18, width: barWidth, height: 18, fill: 'none', stroke: '#767676', 'stroke-dasharray': '4 3' }));
    const overdue = row.figures.overdue;
    svg.append(node('text', { x: barLeft + barWidth + 10, y: y + 32, class: 'figure' }, `${percent(row.figures.doneShare)} klart`));
    if (overdue > 0) svg.append(node('text', { x: barLeft + barWidth + 90, y: y + 32, class: 'overdue' }, `${overdue} sena`));
  });
  return svg;
}
