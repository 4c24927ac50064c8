/**
 * The content files one check batch reads (`checkIncomingMany`). Each file is read once per
 * batch however many of its deliveries share it. The first reads start at once, in the order
 * the checks will want them, so the disk works while the first documents are verified; they stop
 * at a byte budget, and the rest are read when their check asks. A file is let go after its last
 * use in the batch. A batch then holds about the budget plus the file in hand, not the content
 * of every document in it: a document's content may be up to 60 MB (DF-2), and a batch is
 * CHECK_BATCH documents.
 */

/** What a batch reads ahead of its checks, at most (a file larger than this alone is still read first). */
export const PREFETCH_BYTES = 32 * 1024 * 1024;

export interface PlannedRead {
  sha256: string;
  size: number;
}

export class BatchContent {
  private readonly reads = new Map<string, Promise<Buffer>>();
  private readonly usesLeft = new Map<string, number>();

  /** `uses`: one entry per check that will ask for a file, in the order the checks run. */
  constructor(
    private readonly getBytes: (sha256: string) => Promise<Buffer>,
    uses: PlannedRead[],
    budget = PREFETCH_BYTES,
  ) {
    for (const u of uses) this.usesLeft.set(u.sha256, (this.usesLeft.get(u.sha256) ?? 0) + 1);
    let planned = 0;
    for (const u of uses) {
      if (this.reads.has(u.sha256)) continue;
      if (planned > 0 && planned + u.size > budget) break;
      planned += u.size;
      this.start(u.sha256);
    }
  }

  /** The file's bytes for one of its planned uses; after the last one the batch no longer holds them. */
  take(sha256: string): Promise<Buffer> {
    const read = this.reads.get(sha256) ?? this.start(sha256);
    const left = (this.usesLeft.get(sha256) ?? 1) - 1;
    if (left > 0) this.usesLeft.set(sha256, left);
    else {
      this.usesLeft.delete(sha256);
      this.reads.delete(sha256);
    }
    return read;
  }

  /** How many files the batch holds (started and not yet let go): for tests. */
  get held(): number {
    return this.reads.size;
  }

  private start(sha256: string): Promise<Buffer> {
    const read = this.getBytes(sha256);
    read.catch(() => {}); // awaited, and its error reported, by the check that takes it
    this.reads.set(sha256, read);
    return read;
  }
}
