/**
 * The API's answers as the pages read them, derived from the use cases' own return types: the
 * compiler checks a page's use of a field against what the server sends. Types only: the pages
 * load no code for them (web/tsconfig.json checks the pages' JSDoc against them).
 */
import type { me, overview, unitApplications } from '../../lambdas/usecases/decisions/views.ts';
import type { getPublicProgramme, listProgrammes } from '../../lambdas/usecases/programmes/programmes.ts';
import type { viewOwnApplication } from '../../lambdas/usecases/applications/own.ts';
import type { ownProgress, programmeProgress, unitProgress } from '../../lambdas/usecases/progress/progress.ts';
import type { listMessages, previewMessage } from '../../lambdas/usecases/messages/messages.ts';

/** What JSON makes of a value: a date becomes its ISO string. */
export type Json<T> = T extends Date ? string : T extends readonly (infer Item)[] ? Json<Item>[] : T extends object ? { [Key in keyof T]: Json<T[Key]> } : T;

/** The answer to a use case's route, as `api()` (web/js/common.js) gives it. */
type AnswerOf<UseCase extends (...args: never[]) => Promise<unknown>> = Json<Awaited<ReturnType<UseCase>>>;

export type Me = AnswerOf<typeof me>;
export type Overview = AnswerOf<typeof overview>;
export type UnitApplications = AnswerOf<typeof unitApplications>;
export type ProgrammeList = { items: AnswerOf<typeof listProgrammes> };
export type PublicProgramme = AnswerOf<typeof getPublicProgramme>;
export type OwnApplication = AnswerOf<typeof viewOwnApplication>;
export type OwnProgress = AnswerOf<typeof ownProgress>;
export type ProgrammeProgress = AnswerOf<typeof programmeProgress>;
export type UnitProgress = AnswerOf<typeof unitProgress>;
export type MessagePreview = AnswerOf<typeof previewMessage>;
export type ProgrammeMessages = { items: AnswerOf<typeof listMessages> };

/** `api()`'s answer carrying `T`. */
export interface Answer<T> {
  ok: boolean;
  status: number;
  data: T;
}
