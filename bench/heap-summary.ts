// Attributes a V8 heap snapshot (.heapsnapshot, as Node writes it) without loading it as one JSON
// string (a snapshot of a busy node is larger than V8's longest string): self size by node type and
// constructor, and retained size (dominator tree, Cooper–Harvey–Kennedy) of the largest dominators
// with their retaining path from the root.
//
//   node --max-old-space-size=8000 bench/heap-summary.ts FILE [TOP]
import fs from 'node:fs';

const file = process.argv[2];
const TOP = Number(process.argv[3] ?? 40);
const buf = fs.readFileSync(file);

function indexOfAscii(s: string, from = 0): number {
  const i = buf.indexOf(s, from, 'latin1');
  if (i < 0) throw new Error(`${s} not found`);
  return i;
}

/** Parses the non-negative integers of a JSON array starting at buf[start] (just after '['). */
function intsFrom(start: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let n = 0;
  let v = 0;
  let inNum = false;
  for (let i = start; ; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      inNum = true;
    } else {
      if (inNum) {
        out[n++] = v;
        v = 0;
        inNum = false;
      }
      if (c === 93) break; // ]
    }
  }
  if (n !== count) throw new Error(`expected ${count} ints, got ${n}`);
  return out;
}

const metaEnd = indexOfAscii('"nodes":[');
const head = JSON.parse(buf.toString('utf8', 0, metaEnd).replace(/,\s*$/, '') + '}');
const meta = head.snapshot.meta;
const nodeFields: string[] = meta.node_fields;
const edgeFields: string[] = meta.edge_fields;
const nodeTypes: string[] = meta.node_types[0];
const edgeTypes: string[] = meta.edge_types[0];
const NF = nodeFields.length;
const EF = edgeFields.length;
const nodeCount: number = head.snapshot.node_count;
const edgeCount: number = head.snapshot.edge_count;
const nodes = intsFrom(metaEnd + '"nodes":['.length, nodeCount * NF);
const edgesAt = indexOfAscii('"edges":[', metaEnd);
const edges = intsFrom(edgesAt + '"edges":['.length, edgeCount * EF);
const stringsAt = indexOfAscii('"strings":[', edgesAt);
const stringsEnd = buf.lastIndexOf(']');
const strings: string[] = JSON.parse(buf.toString('utf8', stringsAt + '"strings":'.length, stringsEnd + 1));

const T = nodeFields.indexOf('type');
const NAME = nodeFields.indexOf('name');
const SELF = nodeFields.indexOf('self_size');
const EC = nodeFields.indexOf('edge_count');
const ET = edgeFields.indexOf('type');
const EN = edgeFields.indexOf('name_or_index');
const TO = edgeFields.indexOf('to_node');
const WEAK = edgeTypes.indexOf('weak');
const SHORTCUT = edgeTypes.indexOf('shortcut');

const N = nodeCount;
const firstEdge = new Uint32Array(N + 1);
for (let i = 0, e = 0; i < N; i++) {
  firstEdge[i] = e;
  e += nodes[i * NF + EC] * EF;
  firstEdge[i + 1] = e;
}
const typeOf = (i: number) => nodeTypes[nodes[i * NF + T]];
const nameOf = (i: number) => strings[nodes[i * NF + NAME]];
const selfOf = (i: number) => nodes[i * NF + SELF];
const label = (i: number) => {
  const t = typeOf(i);
  const n = nameOf(i);
  if (t === 'string' || t === 'concatenated string' || t === 'sliced string') return `(${t})`;
  if (t === 'object' || t === 'closure' || t === 'native' || t === 'synthetic') return `${t}:${n.slice(0, 60)}`;
  if (t === 'hidden' || t === 'code' || t === 'array' || t === 'object shape') return `${t}:${n.slice(0, 40)}`;
  return t;
};

// Self size by label.
const byLabel = new Map<string, { count: number; size: number }>();
let total = 0;
for (let i = 0; i < N; i++) {
  const l = label(i);
  const s = selfOf(i);
  total += s;
  const g = byLabel.get(l);
  if (g) {
    g.count++;
    g.size += s;
  } else byLabel.set(l, { count: 1, size: s });
}
const mb = (b: number) => (b / 2 ** 20).toFixed(1);
console.log(`${file}: ${N.toLocaleString()} nodes, ${edgeCount.toLocaleString()} edges, ${mb(total)} MB self in all\n`);
console.log('## self size by type/constructor');
for (const [l, g] of [...byLabel].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) console.log(`${mb(g.size).padStart(8)} MB ${String(g.count).padStart(9)}  ${l}`);

// Dominators (iterative, Cooper et al.) over strong edges, from the root (node 0), in reverse postorder.
const order = new Int32Array(N).fill(-1); // postorder number
const post = new Int32Array(N);
{
  const stack = new Int32Array(N);
  const cursor = new Uint32Array(N);
  const visited = new Uint8Array(N);
  let sp = 0;
  let k = 0;
  stack[sp++] = 0;
  visited[0] = 1;
  cursor[0] = firstEdge[0];
  while (sp > 0) {
    const v = stack[sp - 1];
    let pushed = false;
    while (cursor[v] < firstEdge[v + 1]) {
      const e = cursor[v];
      cursor[v] += EF;
      const t = edges[e + ET];
      if (t === WEAK || t === SHORTCUT) continue;
      const w = edges[e + TO] / NF;
      if (visited[w]) continue;
      visited[w] = 1;
      cursor[w] = firstEdge[w];
      stack[sp++] = w;
      pushed = true;
      break;
    }
    if (!pushed) {
      sp--;
      order[v] = k;
      post[k++] = v;
    }
  }
  console.log(`\n${k.toLocaleString()} nodes reachable by strong edges`);
}
// Predecessors.
const predCount = new Uint32Array(N + 1);
for (let v = 0; v < N; v++) {
  if (order[v] < 0) continue;
  for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EF) {
    const t = edges[e + ET];
    if (t === WEAK || t === SHORTCUT) continue;
    predCount[edges[e + TO] / NF + 1]++;
  }
}
for (let i = 0; i < N; i++) predCount[i + 1] += predCount[i];
const preds = new Int32Array(predCount[N]);
const fill = predCount.slice();
for (let v = 0; v < N; v++) {
  if (order[v] < 0) continue;
  for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EF) {
    const t = edges[e + ET];
    if (t === WEAK || t === SHORTCUT) continue;
    const w = edges[e + TO] / NF;
    preds[fill[w]++] = v;
  }
}
const idom = new Int32Array(N).fill(-1);
idom[0] = 0;
const reachable = post.length;
let changed = true;
let passes = 0;
while (changed) {
  changed = false;
  passes++;
  for (let k = reachable - 1; k >= 0; k--) {
    const v = post[k];
    if (v === 0 || order[v] < 0) continue;
    let nd = -1;
    for (let p = predCount[v]; p < predCount[v + 1]; p++) {
      const u = preds[p];
      if (idom[u] < 0) continue;
      if (nd < 0) nd = u;
      else {
        let a = u;
        let b = nd;
        while (a !== b) {
          while (order[a] < order[b]) a = idom[a];
          while (order[b] < order[a]) b = idom[b];
        }
        nd = a;
      }
    }
    if (nd >= 0 && idom[v] !== nd) {
      idom[v] = nd;
      changed = true;
    }
  }
}
const retained = new Float64Array(N);
for (let k = 0; k < reachable; k++) {
  const v = post[k];
  if (order[v] < 0) continue;
  retained[v] += selfOf(v);
  if (v !== 0) retained[idom[v]] += retained[v];
}
console.log(`dominators in ${passes} passes; root retains ${mb(retained[0])} MB`);

// The edge name by which `from` refers to `to`.
const edgeName = (from: number, to: number) => {
  for (let e = firstEdge[from]; e < firstEdge[from + 1]; e += EF) {
    if (edges[e + TO] / NF !== to) continue;
    const t = edgeTypes[edges[e + ET]];
    return t === 'element' || t === 'hidden' ? `[${edges[e + EN]}]` : strings[edges[e + EN]];
  }
  return '?';
};
const pathOf = (v: number) => {
  const parts: string[] = [];
  let x = v;
  for (let i = 0; i < 12 && x !== 0; i++) {
    const d = idom[x];
    parts.unshift(`${label(d)}.${edgeName(d, x)}`);
    x = d;
  }
  return parts.join(' → ');
};

// Retained size summed by label (each node's own retained: nested objects of the same label counted once, at the outermost).
console.log('\n## retained size by label (outermost only)');
const byLabelRetained = new Map<string, { count: number; size: number }>();
for (let v = 1; v < N; v++) {
  if (order[v] < 0) continue;
  const l = label(v);
  // skip when an ancestor in the dominator tree has the same label
  let x = idom[v];
  let nested = false;
  for (let i = 0; i < 6 && x !== 0; i++, x = idom[x]) if (label(x) === l) { nested = true; break; }
  if (nested) continue;
  const g = byLabelRetained.get(l);
  if (g) { g.count++; g.size += retained[v]; } else byLabelRetained.set(l, { count: 1, size: retained[v] });
}
for (const [l, g] of [...byLabelRetained].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) console.log(`${mb(g.size).padStart(8)} MB ${String(g.count).padStart(9)}  ${l}`);

console.log('\n## largest single dominators (retained ≥ 1 MB), with their path');
const big: number[] = [];
for (let v = 1; v < N; v++) if (order[v] >= 0 && retained[v] >= 2 ** 20) big.push(v);
big.sort((a, b) => retained[b] - retained[a]);
/** Up to three of the node's retainers (any strong edge), by label and edge name. */
const retainersOf = (v: number) => {
  const out: string[] = [];
  for (let p = predCount[v]; p < predCount[v + 1] && out.length < 3; p++) out.push(`${label(preds[p])}.${edgeName(preds[p], v)}`);
  return out.join(', ');
};
for (const v of big.slice(0, TOP * 2)) console.log(`${mb(retained[v]).padStart(8)} MB  ${label(v)}  ← ${pathOf(v)}  [retained by ${retainersOf(v)}]`);

// Unreachable (weakly held or garbage the snapshot kept): self size.
let unreachable = 0;
for (let v = 0; v < N; v++) if (order[v] < 0) unreachable += selfOf(v);
console.log(`\nnot reachable by strong edges: ${mb(unreachable)} MB`);

// Strings: duplicates by content.
const strIdx = new Map<string, { count: number; size: number }>();
for (let v = 0; v < N; v++) {
  if (typeOf(v) !== 'string') continue;
  const s = nameOf(v);
  const key = s.length === 64 && /^[0-9a-f]+$/.test(s) ? '<64 hex chars>' : /^wdn_/.test(s) ? '<wdn_ token>' : s.length > 40 ? `<len ${s.length}> ${s.slice(0, 40)}` : s;
  const g = strIdx.get(key);
  if (g) { g.count++; g.size += selfOf(v); } else strIdx.set(key, { count: 1, size: selfOf(v) });
}
console.log('\n## strings by content (top)');
for (const [s, g] of [...strIdx].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) console.log(`${mb(g.size).padStart(8)} MB ${String(g.count).padStart(9)}  ${JSON.stringify(s).slice(0, 80)}`);
