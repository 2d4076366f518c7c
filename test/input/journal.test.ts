/**
 * journal — the intake journal read back as a crash leaves it: lines and wall-clock releases in order, the
 * export mark of each generation, the lines after the last confirmation; a generation covered by a checkpoint
 * deleted; a record cut mid-write ignored. And `Resend`: the source's copies recognised in order, new lines not.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntakeJournal, newestGeneration, readJournal, Resend } from '../../src/input/journal.js';

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'mtatrace-wal-')), 'state.json');

describe('IntakeJournal', () => {
  it('gives back, after a crash (no close), the lines, releases, marks and unconfirmed lines of each generation', () => {
    const path = fresh();
    const j = new IntakeJournal({ path, fsyncMs: 0, seq: 1, base: 0 });
    j.append('line a');
    j.confirmed();
    j.append('line b');
    j.released(2);
    j.exported('spans', 3);
    const next = j.rotate(5); // a checkpoint after signal 5
    expect(next).toBe(2);
    j.append('line c');
    j.exported('spans', 7); // generation 1 ends at 5: its mark is 5; generation 2 gets 2
    j.confirmed();
    j.append('line d');
    j.flush(); // as before any OK is sent
    appendFileSync(`${path}.wal.2`, 'Lhalf a rec'); // killed in the middle of a write
    const r = readJournal(path, 1);
    expect(r.generations.map((g) => g.seq)).toEqual([1, 2]);
    expect(r.generations[0].records).toEqual(['line a', 'line b', 2]);
    expect(r.generations[0].exported).toEqual({ spans: 5 });
    expect(r.generations[1].records).toEqual(['line c', 'line d']);
    expect(r.generations[1].exported).toEqual({ spans: 2 });
    expect(r.unconfirmed).toEqual(['line d']);
    expect(newestGeneration(path)).toBe(2);
  });

  it('deletes the generations a written checkpoint covers, and those older than the checkpoint at start', () => {
    const path = fresh();
    const j = new IntakeJournal({ path, fsyncMs: 1000, seq: 4, base: 0 });
    j.append('x');
    const seq = j.rotate(1);
    j.append('y');
    expect(existsSync(`${path}.wal.4`)).toBe(true);
    j.covered(seq);
    expect(existsSync(`${path}.wal.4`)).toBe(false);
    j.close();
    expect(readJournal(path, 5).generations.map((g) => g.records)).toEqual([['y']]);
    new IntakeJournal({ path, fsyncMs: 1000, seq: 6, base: 0 }).close();
    expect(readJournal(path, 6).generations.map((g) => g.seq)).toEqual([6]);
    expect(readdirSync(join(path, '..')).filter((n) => n.includes('.wal.'))).toEqual(['state.json.wal.6']);
  });

  it('a replayed generation keeps its mark and takes later ones', () => {
    const path = fresh();
    const j = new IntakeJournal({ path, fsyncMs: 0, seq: 1, base: 0 });
    j.append('a');
    j.exported('log records', 1); // writes out the line first
    const gen = readJournal(path, 1).generations[0];
    const k = new IntakeJournal({ path, fsyncMs: 0, seq: 2, base: 4 });
    k.adopt(gen, 0, 4); // replayed as signals 0–3 of the new process
    k.exported('log records', 3);
    expect(readJournal(path, 1).generations[0].exported).toEqual({ 'log records': 3 });
    k.exported('log records', 9);
    k.exported('spans', 2);
    expect(readJournal(path, 1).generations.map((g) => g.exported)).toEqual([{ 'log records': 4, spans: 2 }, { 'log records': 5 }]);
  });
});

describe('Resend', () => {
  it('skips the unconfirmed lines sent again, in order, even from a later one; the first new line ends it', () => {
    const r = new Resend(['a', 'b', 'c']);
    expect(r.copy('b')).toBe(true); // `a` was confirmed without its C reaching the journal
    expect(r.copy('c')).toBe(true);
    expect(r.active).toBe(false);
    expect(r.copy('c')).toBe(false); // a real line again
    const s = new Resend(['a', 'b']);
    expect(s.copy('n')).toBe(false);
    expect(s.copy('a')).toBe(false);
    expect(s.skipped).toBe(0);
  });
});
