// Another client of the same key (a script, an integration, a colleague's tool) that spends part
// of the key's rate limit while the extension loads. It takes one request from the limiter every
// 1000/perSecond ms, evenly spaced; a refused one is counted and dropped, not retried.

export interface NeighbourCounts {
  admitted: number;
  refused: number;
}

export class Neighbour {
  readonly counts: NeighbourCounts = { admitted: 0, refused: 0 };
  private timer: NodeJS.Timeout | undefined;

  /** `take`: counts one request on the limiter and says whether it was admitted. */
  constructor(
    private readonly perSecond: number,
    private readonly take: () => boolean,
  ) {}

  start(): void {
    if (this.timer || this.perSecond <= 0) {
      return;
    }
    this.timer = setInterval(() => {
      if (this.take()) {
        this.counts.admitted++;
      } else {
        this.counts.refused++;
      }
    }, 1000 / this.perSecond);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
