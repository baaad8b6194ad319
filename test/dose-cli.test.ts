import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCommandArgs, UsageError } from '../src/cli/cli-kit.ts';
import { doseCommand } from '../src/cli/dose.ts';

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the command in-process the way src/cli/main.ts does: UsageError -> exit 2, one stderr line. */
async function dose(args: string[]): Promise<Run> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  try {
    const { values, positionals } = parseCommandArgs(doseCommand, args);
    const code = (await doseCommand.run(values, positionals)) ?? 0;
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

const IV = ['--route', 'iv', '--weight-kg', '70', '--mg-per-kg', '0.5', '--concentration-mg-per-ml', '10'];
const CONTRACT = [...IV, '--minutes', '40'];

describe('ketaflow dose --route iv (in-process)', () => {
  it('prints exactly the contract keys, in order, on one line', async () => {
    const run = await dose([...CONTRACT, '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      '{"weightBasis":"actual","dosingWeightKg":70,"doseMg":35,"volumeMl":3.5,"totalVolumeMl":3.5,"rateMlPerHour":5.3,"warnings":[]}\n',
    );
  });

  it.each([
    [
      ['--weight-kg', '70.1', '--bag-ml', '100'],
      {
        weightBasis: 'actual',
        dosingWeightKg: 70.1,
        doseMg: 35.1,
        volumeMl: 3.51,
        totalVolumeMl: 103.51,
        rateMlPerHour: 155.3,
        warnings: [],
      },
    ],
    [
      ['--weight-kg', '90', '--weight-basis', 'ideal', '--height-cm', '175', '--sex', 'male'],
      {
        weightBasis: 'ideal',
        dosingWeightKg: 70.5,
        doseMg: 35.3,
        volumeMl: 3.53,
        totalVolumeMl: 3.53,
        rateMlPerHour: 5.3,
        warnings: [],
      },
    ],
    [
      ['--weight-kg', '100', '--weight-basis', 'adjusted', '--height-cm', '165', '--sex', 'female'],
      {
        weightBasis: 'adjusted',
        dosingWeightKg: 74.1,
        doseMg: 37.1,
        volumeMl: 3.71,
        totalVolumeMl: 3.71,
        rateMlPerHour: 5.6,
        warnings: [],
      },
    ],
    [
      ['--weight-basis', 'actual', '--mg-per-kg', '0.75', '--minutes=60'],
      {
        weightBasis: 'actual',
        dosingWeightKg: 70,
        doseMg: 52.5,
        volumeMl: 5.25,
        totalVolumeMl: 5.25,
        rateMlPerHour: 5.3,
        warnings: [],
      },
    ],
  ])('with %j', async (changes, expected) => {
    const args = [...CONTRACT];
    for (let i = 0; i < changes.length; i++) {
      const [name, value] = (changes[i] as string).split('=');
      const at = args.indexOf(name as string);
      const next = value ?? changes[++i];
      if (at >= 0) args[at + 1] = next as string;
      else args.push(name as string, next as string);
    }
    const run = await dose([...args, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toStrictEqual(expected);
  });

  it('warns when the actual weight is below the ideal weight', async () => {
    const run = await dose([
      ...CONTRACT,
      '--weight-basis',
      'ideal',
      '--height-cm',
      '180',
      '--sex',
      'male',
      '--json',
    ]);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ weightBasis: 'ideal', dosingWeightKg: 70, doseMg: 35 });
    expect(out.warnings).toEqual([
      'The actual weight (70 kg) is below the ideal body weight (75 kg), so the ideal weight basis uses the actual weight',
    ]);
  });

  it('warns above 0.75 mg/kg', async () => {
    const run = await dose([...IV, '--minutes', '40', '--mg-per-kg', '1', '--json']);
    expect(JSON.parse(run.stdout).warnings).toEqual([
      '1 mg/kg exceeds the evidence in the clinical reference (up to 0.75 mg/kg, andrade-2017); a higher dose is clinic policy',
    ]);
  });

  it('shows every step for people without --json', async () => {
    const run = await dose([
      ...CONTRACT,
      '--weight-basis',
      'adjusted',
      '--height-cm',
      '165',
      '--sex',
      'female',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('IV racemic ketamine, adjusted body weight:');
    // 62.1 kg × 0.5 = 31.05 → 31.1 mg; 3.11 mL × 60 ÷ 40 = 4.665 → 4.7 mL/h
    expect(lines).toContain(
      '  Dosing weight (adjusted body weight): adjusted body weight 62.1457 kg, rounded to 0.1 kg = 62.1 kg',
    );
    expect(lines).toContain('  Dose: 62.1 kg × 0.5 mg/kg, rounded to 0.1 mg = 31.1 mg');
    expect(lines).toContain('  Pump rate: 3.11 mL × 60 ÷ 40 min, rounded to 0.1 mL/h = 4.7 mL/h');
    expect(run.stdout).toMatch(/Height in inches: 165 cm ÷ 2\.54/);
    expect(run.stdout).toMatch(/Adjusted body weight: 56\.9094 kg \+ 0\.4 × \(70 kg − 56\.9094 kg\)/);
    expect(lines.at(-1)).toBe('Sources: apa-consensus-2017, andrade-2017, devine-ibw');
  });

  it.each([
    [['--weight-kg', '19.9'], /--weight-kg: weight must be from 20 to 350 kg, not 19\.9/],
    [['--weight-kg', '351'], /--weight-kg: weight must be from 20 to 350 kg, not 351/],
    [['--weight-kg', 'abc'], /--weight-kg must be a number, not "abc"/],
    [['--weight-kg', '70kg'], /--weight-kg must be a number, not "70kg"/],
    [['--weight-kg', ''], /--weight-kg must be a number, not ""/],
    [['--mg-per-kg', '0'], /--mg-per-kg: mg\/kg must be above 0 and at most 2 mg\/kg, not 0/],
    [['--mg-per-kg', '-0.5'], /--mg-per-kg: mg\/kg must be above 0/],
    [['--mg-per-kg', '2.5'], /--mg-per-kg: mg\/kg must be above 0 and at most 2 mg\/kg, not 2\.5/],
    [['--concentration-mg-per-ml', '0'], /--concentration-mg-per-ml: concentration must be above 0/],
    [['--concentration-mg-per-ml', '-10'], /concentration must be above 0 mg\/mL, not -10/],
    [['--minutes', '0'], /--minutes: infusion time must be above 0 minutes, not 0/],
    [['--minutes', 'forty'], /--minutes must be a number, not "forty"/],
    [['--bag-ml', '-100'], /--bag-ml: bag volume must be from 0 to 1000 mL/],
    [['--height-cm', '99'], /--height-cm: height must be from 100 to 250 cm, not 99/],
    [['--height-cm', '251'], /height must be from 100 to 250 cm/],
    [
      ['--weight-basis', 'ideal', '--height-cm', '150', '--sex', 'female'],
      /--height-cm: ideal body weight needs a height of at least 152\.4 cm \(the Devine formula starts at 60 inches\), not 150/,
    ],
    [
      ['--weight-basis', 'adjusted', '--sex', 'male'],
      /--height-cm: adjusted body weight needs the height in cm/,
    ],
    [['--weight-basis', 'ideal', '--height-cm', '170'], /--sex: ideal body weight needs the sex/],
    [
      ['--weight-basis', 'ideal'],
      /--height-cm: ideal body weight needs the height in cm; --sex: ideal body weight needs the sex/,
    ],
    [['--weight-basis', 'lean'], /--weight-basis must be actual or ideal or adjusted, not "lean"/],
    [['--sex', 'x'], /--sex must be female or male, not "x"/],
    [['--dose-mg', '56'], /--dose-mg cannot be used with --route iv/],
    [['--nope'], /--nope/],
    [['extra'], /dose takes options only/],
  ])('refuses %j with exit 2 and one line', async (changes, message) => {
    const run = await dose([...CONTRACT, ...changes, '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('names every missing option', async () => {
    const run = await dose(['--route', 'iv', '--weight-kg', '70', '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ketaflow: give --mg-per-kg, --concentration-mg-per-ml, --minutes\n');
  });
});

describe('ketaflow dose --route intranasal (in-process)', () => {
  it.each([
    ['56', '{"doseMg":56,"devices":2,"minutesBetweenDevices":5,"warnings":[]}\n'],
    ['84', '{"doseMg":84,"devices":3,"minutesBetweenDevices":5,"warnings":[]}\n'],
    [
      '28',
      '{"doseMg":28,"devices":1,"minutesBetweenDevices":5,"warnings":["28 mg is not an adult dose on the esketamine label, whose adult doses are 56 mg and 84 mg"]}\n',
    ],
  ])('--dose-mg %s', async (doseMg, expected) => {
    const run = await dose(['--route', 'intranasal', '--dose-mg', doseMg, '--json']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(expected);
  });

  it('shows the devices for people without --json', async () => {
    const run = await dose(['--route', 'intranasal', '--dose-mg', '56']);
    expect(run.stdout).toBe(
      [
        'Esketamine nasal spray, 56 mg:',
        '  Devices: 56 mg ÷ 28 mg per device = 2 devices',
        '  Rest between devices: after each device (esketamine label) = 5 min',
        'Sources: spravato-pi',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [['--dose-mg', '60'], /--dose-mg: esketamine dose must be 28, 56 or 84 mg \(28 mg devices\), not 60/],
    [['--dose-mg', '112'], /not 112/],
    [['--dose-mg', '0'], /not 0/],
    [['--dose-mg', 'lots'], /--dose-mg must be a number, not "lots"/],
    [[], /give --dose-mg/],
    [['--dose-mg', '56', '--weight-kg', '70'], /--weight-kg cannot be used with --route intranasal/],
  ])('refuses %j with exit 2 and one line', async (changes, message) => {
    const run = await dose(['--route', 'intranasal', ...changes, '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});

describe('ketaflow dose routes', () => {
  it.each([
    [[], /say which route: --route iv or --route intranasal/],
    [['--route', 'im'], /--route must be iv or intranasal, not "im"/],
  ])('refuses %j', async (args, message) => {
    const run = await dose([...args, '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('describes itself for `ketaflow dose --help`', () => {
    expect(doseCommand.name).toBe('dose');
    expect(doseCommand.usage).toContain('ketaflow dose --route iv --weight-kg W');
    expect(doseCommand.usage).toContain('ketaflow dose --route intranasal --dose-mg');
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

describe('ketaflow dose (spawned)', () => {
  it('meets the contract lines from the command line', async () => {
    const iv = await ketaflow(['dose', ...CONTRACT, '--json']);
    expect(iv.code).toBe(0);
    expect(JSON.parse(iv.stdout)).toStrictEqual({
      weightBasis: 'actual',
      dosingWeightKg: 70,
      doseMg: 35,
      volumeMl: 3.5,
      totalVolumeMl: 3.5,
      rateMlPerHour: 5.3,
      warnings: [],
    });
    const spray = await ketaflow(['dose', '--route', 'intranasal', '--dose-mg', '84', '--json']);
    expect(spray.stdout).toBe('{"doseMg":84,"devices":3,"minutesBetweenDevices":5,"warnings":[]}\n');
    const bad = await ketaflow(['dose', '--route', 'intranasal', '--dose-mg', '60', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^ketaflow: --dose-mg: esketamine dose must be 28, 56 or 84 mg/);
    const help = await ketaflow(['--help']);
    expect(help.stdout).toMatch(/dose +Compute an IV ketamine/);
  });
});
