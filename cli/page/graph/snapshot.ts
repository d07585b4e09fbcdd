/** The page's state as a test (or a curious user in the console) reads it: `window.worldGraph`. */
export type Tab = 'projects' | 'tasks';

export interface PageSnapshot {
  state: string;
  tab: Tab;
  nodes: number;
  edges: number;
  selected: string | null;
  /** The selected node's position on the canvas, and the canvas's size. */
  selectedAt: { x: number; y: number } | null;
  canvas: { width: number; height: number };
  zoom: number;
  focus: { node: string; depth: number } | null;
  /** The drawn nodes marked affected. */
  highlighted: string[];
}

declare global {
  interface Window {
    worldGraph?: {
      snapshot: () => PageSnapshot;
      /** Where a drawn node is on the canvas (CSS pixels from its top left), to click it. */
      where: (id: string) => { x: number; y: number } | null;
    };
  }
}
