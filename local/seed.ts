/** Demo data for `npm start` on an empty store. */
export async function seedDemoData(_now: Date): Promise<void> {}
