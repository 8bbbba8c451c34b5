import type { ContentRevisionState } from '../../db/schema.ts';

export type RevisionState = ContentRevisionState;

/** A content problem that stopped a build, named as the content check names it. */
export interface ContentProblem {
  /** relative to the content folder, e.g. papers/x.yaml ('' when the build failed elsewhere) */
  file: string;
  field: string;
  message: string;
}

/** Why a publish was refused or failed; `code` picks the translated message. */
export type PublishErrorCode = 'busy' | 'build-failed' | 'no-revision';

export class PublishError extends Error {
  readonly code: PublishErrorCode;
  readonly revisionId: number | null;
  readonly problems: ContentProblem[];
  constructor(code: PublishErrorCode, revisionId: number | null = null, problems: ContentProblem[] = []) {
    super(code === 'build-failed' ? `build failed: ${problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join('; ')}` : code);
    this.name = 'PublishError';
    this.code = code;
    this.revisionId = revisionId;
    this.problems = problems;
  }
}

/** Who publishes: a staff user id, or the staff member with their email (shown in the history). */
export type Publisher = string | { userId: string | null; email: string | null };

export interface BuildResult {
  ok: boolean;
  problems: ContentProblem[];
}

/** Where an instance keeps its content, builds and caches, and how it builds and goes live. */
export interface PublishSite {
  /** the project folder (astro build runs there) */
  root: string;
  /** the published revision's files (CONTENT_DIR) */
  contentDir: string;
  /** builds go to <buildsDir>/<revision> (inside root: Astro requires it) */
  buildsDir: string;
  /** staging content folder and locks (inside root) */
  workDir: string;
  /** writes the tree's site into outDir; log gets progress lines */
  build(input: { contentDir: string; outDir: string; log: (line: string) => void }): Promise<BuildResult>;
  /** makes this instance serve the build */
  goLive(input: { revisionId: number; distDir: string }): Promise<void>;
  /**
   * Starts loading a server on a build whose server bundle is complete while the build
   * finishes (its goLive is then a switch); null drops one that will not be needed.
   */
  prepare?(input: { revisionId: number; distDir: string } | null): void;
}

/** Written into a build folder once its server bundle is final (scripts/build-stamp.mjs). */
export const serverBuiltMarker = 'server-built';
