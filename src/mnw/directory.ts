// MNW's project directory, cached briefly. When MNW is slow or down we answer from the last good copy
// (or nothing), and the page renders from the communities we know.

import type { MnwProject } from './demo-accounts.js';

const CACHE_MS = 60_000;
/** After a failure, do not ask again for a while: a down MNW must not slow every page by its timeout. */
const FAILURE_BACKOFF_MS = 15_000;

export class ProjectDirectory {
  private cached: { at: number; projects: MnwProject[] } | null = null;
  private failedAt = 0;
  private inFlight: Promise<MnwProject[] | null> | null = null;

  constructor(private readonly fetchProjects: () => Promise<MnwProject[]>, private readonly now = () => Date.now()) {}

  /** Projects, or null when MNW could not be asked (and nothing fresh is cached). */
  async list(): Promise<{ projects: MnwProject[]; available: boolean }> {
    const t = this.now();
    if (this.cached && t - this.cached.at < CACHE_MS) return { projects: this.cached.projects, available: true };
    if (t - this.failedAt < FAILURE_BACKOFF_MS) return { projects: this.cached?.projects ?? [], available: false };
    this.inFlight ??= this.fetchProjects()
      .then((projects) => {
        this.cached = { at: this.now(), projects };
        return projects;
      })
      .catch(() => {
        this.failedAt = this.now();
        return null;
      })
      .finally(() => {
        this.inFlight = null;
      });
    const projects = await this.inFlight;
    return projects ? { projects, available: true } : { projects: this.cached?.projects ?? [], available: false };
  }

  async find(slug: string): Promise<MnwProject | null> {
    const { projects } = await this.list();
    return projects.find((p) => p.slug === slug) ?? null;
  }
}
