import path from 'node:path';
import { z } from 'zod';

const ConfigInput = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.string().url().optional(),
  SESSION_IDLE_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(86_400)
    .default(15 * 60),
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(12 * 60 * 60),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|[0-9a-fA-F.:/,\s]+)$/,
      'use true, false, or a comma-separated list of proxy addresses',
    )
    .default('false'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Ketaflow <no-reply@localhost>'),
  KETAFLOW_SEED_DEMO: z.enum(['auto', '1', '0']).default('auto'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: z.infer<typeof ConfigInput>['LOG_LEVEL'];
  publicUrl: string | undefined;
  sessionIdleTimeoutSeconds: number;
  sessionAbsoluteTimeoutSeconds: number;
  cookieSecure: 'auto' | boolean;
  bodyLimitBytes: number;
  seedDemo: 'auto' | boolean;
  /** Fastify's trustProxy: whose X-Forwarded-For to believe for the client address (throttling, audit). */
  trustProxy: boolean | string[];
  /** Email goes out only when set; otherwise messages wait on the admin outbox page. */
  smtpUrl: string | undefined;
  smtpFrom: string;
};

export class ConfigError extends Error {}

/** Reads the environment once, at start, and refuses to run on a value it does not understand. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigInput.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration (see docs/configuration.md):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    publicUrl: c.PUBLIC_URL,
    sessionIdleTimeoutSeconds: c.SESSION_IDLE_TIMEOUT_SECONDS,
    sessionAbsoluteTimeoutSeconds: c.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
    cookieSecure: c.COOKIE_SECURE === 'auto' ? 'auto' : c.COOKIE_SECURE === 'true',
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    seedDemo: c.KETAFLOW_SEED_DEMO === 'auto' ? 'auto' : c.KETAFLOW_SEED_DEMO === '1',
    trustProxy: parseTrustProxy(c.TRUST_PROXY),
    smtpUrl: c.SMTP_URL,
    smtpFrom: c.SMTP_FROM,
  };
}

function parseTrustProxy(value: string): boolean | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
