// The SQL of the Postgres change feed: one trigger function, and a trigger per table that calls it with what
// the notification names (the model, its primary key column, and each foreign key's column, model and name).
// A notification carries keys only, never a row's values, so it stays far under NOTIFY's 8,000-byte limit.

/** How one table's changes are reported. */
export interface PostgresTable {
  /** the table; default: the model's name */
  table?: string
  /** the primary key column; default `id` */
  pk?: string
  /** foreign key columns: the model each points at, and the name that model knows the relation by (default: this model) */
  foreignKeys?: Record<string, { model: string; name?: string }>
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
/** A model name as the channel names use it: no dots or spaces. */
const MODEL = /^[^\s.']+$/

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`koa-reactor: the Postgres change feed needs ${what} as a plain SQL identifier (letters, digits, _), got ${JSON.stringify(name)}`)
  return name
}

function model(name: string, what: string): string {
  if (!MODEL.test(name)) throw new Error(`koa-reactor: the Postgres change feed needs ${what} without dots, spaces or quotes, got ${JSON.stringify(name)}`)
  return name
}

const literal = (text: string) => `'${text}'`

/**
 * The function every trigger calls. Its arguments: the channel, the model, the primary key column, then a
 * column, model and name for each foreign key. An update that moves a foreign key names both the old and the
 * new record it pointed at. TRUNCATE (a statement trigger) names the model alone.
 */
export function functionSql(fn: string): string {
  identifier(fn, 'the trigger function’s name')
  return `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $reactor$
DECLARE
  rec jsonb;
  before jsonb;
  related jsonb := '[]'::jsonb;
  i int;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify(TG_ARGV[0], jsonb_build_object('m', TG_ARGV[1], 'a', 't')::text);
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN rec := to_jsonb(OLD); ELSE rec := to_jsonb(NEW); END IF;
  IF TG_OP = 'UPDATE' THEN before := to_jsonb(OLD); END IF;
  i := 3;
  WHILE i + 2 < TG_NARGS LOOP
    related := related || jsonb_build_array(jsonb_build_array(TG_ARGV[i + 1], rec -> TG_ARGV[i], TG_ARGV[i + 2]));
    IF before IS NOT NULL AND (before -> TG_ARGV[i]) IS DISTINCT FROM (rec -> TG_ARGV[i]) THEN
      related := related || jsonb_build_array(jsonb_build_array(TG_ARGV[i + 1], before -> TG_ARGV[i], TG_ARGV[i + 2]));
    END IF;
    i := i + 3;
  END LOOP;
  PERFORM pg_notify(TG_ARGV[0], jsonb_build_object('m', TG_ARGV[1], 'a', lower(left(TG_OP, 1)), 'k', rec -> TG_ARGV[2], 'r', related)::text);
  RETURN NULL;
END
$reactor$;`
}

/** The triggers of one model's table (dropped first, so that installing again changes them in place). */
export function triggerSql(fn: string, channel: string, name: string, spec: PostgresTable): string {
  const table = identifier(spec.table ?? name, `the table of ${name}`)
  const args = [channel, model(name, 'a model name'), identifier(spec.pk ?? 'id', `the primary key of ${name}`)]
  for (const [column, to] of Object.entries(spec.foreignKeys ?? {})) {
    args.push(identifier(column, `a foreign key column of ${name}`), model(to.model, `the model ${column} points at`), model(to.name ?? name, `the name ${to.model} knows ${name} by`))
  }
  const row = `${fn}_row`
  const all = `${fn}_truncate`
  return [
    `DROP TRIGGER IF EXISTS ${row} ON ${table};`,
    `CREATE TRIGGER ${row} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}(${args.map(literal).join(', ')});`,
    `DROP TRIGGER IF EXISTS ${all} ON ${table};`,
    `CREATE TRIGGER ${all} AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}(${args.slice(0, 2).map(literal).join(', ')});`,
  ].join('\n')
}

/** Everything to install, for `feed.install()` or for a team that runs its migrations itself. */
export function installSql(fn: string, channel: string, tables: Record<string, PostgresTable>): string {
  identifier(channel, 'the channel name')
  return [functionSql(fn), ...Object.entries(tables).map(([name, spec]) => triggerSql(fn, channel, name, spec))].join('\n\n') + '\n'
}
