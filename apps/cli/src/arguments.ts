/** Parsed command line: the command, repeated `--name value` options, and positional arguments. */
export interface Arguments {
  command: string | undefined;
  options: Map<string, string[]>;
  positional: string[];
}

const FLAGS = new Set(['calibrate', 'no-calibrate', 'help']);

export function parseArguments(argv: string[]): Arguments {
  const [command, ...rest] = argv;
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const token = rest[i] ?? '';
    if (token.startsWith('--')) {
      const name = token.slice(2);
      if (FLAGS.has(name)) {
        options.set(name, ['true']);
        continue;
      }
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options.set(name, [...(options.get(name) ?? []), value]);
      i += 1;
    } else {
      positional.push(token);
    }
  }
  return { command, options, positional };
}

export class UsageError extends Error {}

export function one(args: Arguments, name: string): string {
  const values = args.options.get(name);
  if (!values || values.length === 0) throw new UsageError(`--${name} is required`);
  if (values.length > 1) throw new UsageError(`--${name} is given more than once`);
  return values[0] as string;
}

export function many(args: Arguments, name: string): string[] {
  const values = args.options.get(name);
  if (!values || values.length === 0) throw new UsageError(`--${name} is required`);
  return values;
}

export function flag(args: Arguments, name: string): boolean {
  return args.options.has(name);
}
