import { describe, expect, it } from 'vitest';
import { edgeCurve, edgeMayShow, viewRect } from './edgeGeometry.js';

const box = (x: number, y: number, width = 100, height = 40) => ({ x, y, width, height });

describe('edgeCurve', () => {
  it('runs from the middle of the source’s right side to the middle of the target’s left side', () => {
    const { d } = edgeCurve(box(0, 0), box(200, 100));
    // Half a handle (2.5 px) outside each node, as React Flow's handles would put it.
    expect(d.startsWith('M102.5,20 ')).toBe(true);
    expect(d.endsWith(' 197.5,120')).toBe(true);
  });

  it('puts the label in the middle of the curve', () => {
    const { labelX, labelY } = edgeCurve(box(0, 0), box(200, 100));
    expect(labelX).toBeCloseTo(150);
    expect(labelY).toBeCloseTo(70);
  });
});

describe('viewRect', () => {
  it('turns the pane’s size and transform into graph coordinates', () => {
    expect(viewRect([-100, -50, 2], 800, 600)).toEqual({ x: 50, y: 25, width: 400, height: 300 });
  });
});

describe('edgeMayShow', () => {
  const view = { x: 0, y: 0, width: 500, height: 300 };

  it('shows an edge with a node in view', () => {
    expect(edgeMayShow(box(10, 10), box(1000, 1000), view)).toBe(true);
  });

  it('shows an edge that crosses the view between two nodes out of it', () => {
    expect(edgeMayShow(box(-200, -500), box(700, 900), view)).toBe(true);
  });

  it('hides an edge whose nodes are both beside the view, on the same side', () => {
    expect(edgeMayShow(box(600, 0), box(800, 200), view)).toBe(false);
    expect(edgeMayShow(box(0, 400), box(200, 900), view)).toBe(false);
  });

  it('hides an edge that only touches the view’s border', () => {
    expect(edgeMayShow(box(500, 0), box(700, 100), view)).toBe(false);
  });
});
