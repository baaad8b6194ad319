import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommandArgs, UsageError } from '../src/cli/cli-kit.ts';
import { scoreCommand } from '../src/cli/score.ts';

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the command in-process the way src/cli/main.ts does: UsageError -> exit 2, one stderr line. */
async function score(args: string[]): Promise<Run> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  try {
    const { values, positionals } = parseCommandArgs(scoreCommand, args);
    const code = (await scoreCommand.run(values, positionals)) ?? 0;
    return { code, stdout, stderr: '' };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: 2, stdout, stderr: `ketaflow: ${error.message.replace(/\s*\n\s*/g, '; ')}\n` };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ketaflow score (in-process)', () => {
  it.each([
    ['phq9', '1,2,3,0,1,2,3,0,1', { instrument: 'phq9', total: 13, severity: 'moderate', suicideRisk: true }],
    ['gad7', '3,3,3,3,3,3,3', { instrument: 'gad7', total: 21, severity: 'severe', suicideRisk: false }],
    [
      'madrs',
      '2,2,2,2,2,2,2,2,2,2',
      { instrument: 'madrs', total: 20, severity: 'moderate', suicideRisk: false },
    ],
    [
      'cssrs-screener',
      '1,1,1,0,0,0,-',
      { instrument: 'cssrs-screener', total: null, severity: 'moderate', suicideRisk: true },
    ],
    ['phq9', '0,0,0,0,0,0,0,0,0', { instrument: 'phq9', total: 0, severity: 'minimal', suicideRisk: false }],
    ['phq9', '3,3,3,3,3,3,3,3,3', { instrument: 'phq9', total: 27, severity: 'severe', suicideRisk: true }],
    [
      'phq9',
      '3,3,3,3,3,2,0,0,0',
      { instrument: 'phq9', total: 17, severity: 'moderately-severe', suicideRisk: false },
    ],
    [
      'madrs',
      '0,0,0,0,0,0,0,0,0,4',
      { instrument: 'madrs', total: 4, severity: 'normal', suicideRisk: true },
    ],
    [
      'madrs',
      '6,6,6,6,6,6,6,6,6,3',
      { instrument: 'madrs', total: 57, severity: 'severe', suicideRisk: false },
    ],
    [
      'cssrs-screener',
      '0,0,-,-,-,0,-',
      { instrument: 'cssrs-screener', total: null, severity: 'none', suicideRisk: false },
    ],
    [
      'cssrs-screener',
      '1,0,-,-,-,0,-',
      { instrument: 'cssrs-screener', total: null, severity: 'low', suicideRisk: true },
    ],
    [
      'cssrs-screener',
      '0,0,-,-,-,1,1',
      { instrument: 'cssrs-screener', total: null, severity: 'high', suicideRisk: true },
    ],
  ])('score %s --answers %s --json', async (instrument, answers, expected) => {
    const run = await score([instrument, '--answers', answers, '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toStrictEqual(expected);
  });

  it('prints the four contract keys in order', async () => {
    const run = await score(['phq9', '--answers', '1,2,3,0,1,2,3,0,1', '--json']);
    expect(run.stdout).toBe('{"instrument":"phq9","total":13,"severity":"moderate","suicideRisk":true}\n');
  });

  it.each([
    [
      'phq9',
      '1,2,3,0,1,2,3,0,1',
      [/PHQ-9: total 13 of 27: moderate \(10–14\)/, /Suicide-risk answer: item 9/],
    ],
    ['gad7', '3,3,3,3,3,3,3', [/GAD-7: total 21 of 21: severe/, /Suicide risk: not asked by the GAD-7/]],
    ['madrs', '2,2,2,2,2,2,2,2,2,2', [/MADRS: total 20 of 60: moderate \(20–34\) \[clinic-policy default\]/]],
    [
      'cssrs-screener',
      '0,1,0,1,0,0,-',
      [/C-SSRS Screener risk: high \(yes to Q4/, /immediate evaluation and safety precautions/],
    ],
    ['cssrs-screener', '0,0,-,-,-,0,-', [/risk: none \(every answer is no\)/, /Suicide-risk answer: none/]],
  ])('prints %s %s for people without --json', async (instrument, answers, patterns) => {
    const run = await score([instrument, '--answers', answers]);
    expect(run.code).toBe(0);
    for (const pattern of patterns) expect(run.stdout).toMatch(pattern);
    expect(run.stdout).toMatch(/Sources: /);
  });

  it.each([
    [['phq9', '--answers', '1,2,3,0,1,2,3,0'], /PHQ-9 takes 9 answers.*got 8 \(item 9 is missing\)/],
    [['phq9', '--answers', '1,2,3,0,1,2,3,0,1,2'], /PHQ-9 takes 9 answers.*got 10/],
    [['phq9', '--answers', '1,2,3,0,1,2,3,0,4'], /PHQ-9 item 9: 4 is not an answer \(0–3\)/],
    [['phq9', '--answers', '1,2,3,0,1,2,3,0,a'], /PHQ-9 item 9: "a" is not an answer/],
    [['phq9', '--answers', '1,2,3,0,1,2,-,0,1'], /PHQ-9 item 7 is not answered/],
    [['gad7', '--answers', '1,1,1,1,1,1,1,1'], /GAD-7 takes 7 answers/],
    [['madrs', '--answers', '2,2,2,2,2,2,2,2,2'], /MADRS takes 10 answers.*item 10 is missing/],
    [['madrs', '--answers', '2,2,2,2,2,2,2,2,2,7'], /MADRS item 10: 7 is not an answer \(0–6\)/],
    [['cssrs-screener', '--answers', '1,1,1,0,0,0'], /takes 7 answers.*got 6/],
    [['cssrs-screener', '--answers', '1,1,1,0,0,0,-,0'], /takes 7 answers.*got 8/],
    [['cssrs-screener', '--answers', '1,1,1,0,2,0,-'], /Q5: 2 is not an answer \(0 = no, 1 = yes\)/],
    [['cssrs-screener', '--answers', '1,1,1,0,0,0,x'], /Q6 within 3 months: "x" is not an answer/],
    [['cssrs-screener', '--answers', '1,yes,1,0,0,0,-'], /Q2: "yes" is not an answer/],
    [['cssrs-screener', '--answers=-,0,-,-,-,0,-'], /Q1 is not answered \(it is always asked\)/],
    [['cssrs-screener', '--answers', '0,-,-,-,-,0,-'], /Q2 is not answered/],
    [['cssrs-screener', '--answers', '0,0,-,-,-,-,-'], /Q6 is not answered/],
    [['cssrs-screener', '--answers', '0,0,1,-,-,0,-'], /Q3 is asked only when Q2 is yes; Q2 is no/],
    [['cssrs-screener', '--answers', '0,0,0,0,0,0,-'], /Q3 is asked only when Q2 is yes/],
    [['cssrs-screener', '--answers', '0,1,-,0,0,0,-'], /Q3 is not answered \(Q2 is yes\)/],
    [['cssrs-screener', '--answers', '0,1,0,0,-,0,-'], /Q5 is not answered \(Q2 is yes\)/],
    [['cssrs-screener', '--answers', '0,0,-,-,-,0,1'], /Q6 within 3 months is asked only when Q6 is yes/],
    [['cssrs-screener', '--answers', '0,0,-,-,-,0,0'], /Q6 within 3 months is asked only when Q6 is yes/],
    [['cssrs-screener', '--answers', '0,0,-,-,-,1,-'], /Q6 within 3 months is not answered \(Q6 is yes\)/],
    [
      ['qids-sr16', '--answers', '1,1,1,1,1,1,-,1,-,1,1,1,1,1,1,1'],
      /QIDS-SR16 is disabled until the clinic loads its text/,
    ],
    [['qids-sr16'], /QIDS-SR16 is disabled until the clinic loads its text/],
    [['phq-9', '--answers', '1'], /unknown instrument "phq-9"; use phq9, gad7, madrs or cssrs-screener/],
    [['phq9'], /give the answers: --answers with 9 comma-separated values/],
    [['--answers', '1,2'], /say which instrument to score/],
    [['phq9', 'gad7', '--answers', '1'], /score takes one instrument/],
    [['phq9', '--answers', '1,1,1,1,1,1,1,1,1', '--nope'], /--nope/],
  ])('refuses %j with exit 2 and one line naming the problem', async (args, message) => {
    const run = await score(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('describes itself for `ketaflow --help` and `ketaflow score --help`', () => {
    expect(scoreCommand.name).toBe('score');
    expect(scoreCommand.usage).toContain('ketaflow score <instrument> --answers');
    for (const id of ['phq9', 'gad7', 'madrs', 'cssrs-screener']) expect(scoreCommand.usage).toContain(id);
  });
});

function ketaflow(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('bin/ketaflow.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ketaflow score (spawned)', () => {
  it('scores from the command line and exits 2 on bad input', async () => {
    const ok = await ketaflow(['score', 'phq9', '--answers', '1,2,3,0,1,2,3,0,1', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('{"instrument":"phq9","total":13,"severity":"moderate","suicideRisk":true}\n');
    const bad = await ketaflow(['score', 'phq9', '--answers', '1,2,3,0,1,2,3,0', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/PHQ-9 takes 9 answers/);
  });
});
