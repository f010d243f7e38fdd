// Geometry of the competency radar: one axis per competency, levels 0 (centre) to 5 (rim).

export interface Series {
  label: string;
  kind: "target" | "current" | "self" | "mentor";
  values: (number | null)[];
}

export interface Point {
  x: number;
  y: number;
}

export const MAX_LEVEL = 5;

/** The point for `level` on axis `index` of `count`, the first axis pointing up. */
export function pointOn(index: number, count: number, level: number, radius: number, centre: Point): Point {
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  const r = (radius * Math.max(0, Math.min(MAX_LEVEL, level))) / MAX_LEVEL;
  return { x: round(centre.x + r * Math.cos(angle)), y: round(centre.y + r * Math.sin(angle)) };
}

/** An SVG `points` attribute for a series; unknown values sit at the centre. */
export function polygon(values: readonly (number | null)[], radius: number, centre: Point): string {
  return values
    .map((v, i) => pointOn(i, values.length, v ?? 0, radius, centre))
    .map((p) => `${p.x},${p.y}`)
    .join(" ");
}

/** Which way a label at this point should hang off the rim. */
export function anchorFor(p: Point, centre: Point): "start" | "middle" | "end" {
  const dx = p.x - centre.x;
  if (Math.abs(dx) < 8) return "middle";
  return dx > 0 ? "start" : "end";
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
