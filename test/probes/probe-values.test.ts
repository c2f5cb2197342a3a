import { describe, expect, it } from 'vitest';
import { poolValues, statsValues } from '../../harness/probes/pgbouncer-probe.js';
import { infoValues, parseInfo } from '../../harness/probes/redis-info-probe.js';
import { encodeCommand, parseReply, RespErrorReply } from '../../harness/probes/resp-reply.js';

describe('PgBouncer console rows', () => {
  // As PgBouncer 1.18 answers: int8 columns arrive from pg as strings.
  const pools = [
    {
      database: 'pgbouncer',
      user: 'pgbouncer',
      cl_active: 1,
      cl_waiting: 0,
      sv_active: 0,
      sv_idle: 0,
      sv_used: 0,
      maxwait: 0,
      maxwait_us: 0,
    },
    {
      database: 'stampede',
      user: 'a',
      cl_active: 10,
      cl_waiting: 3,
      sv_active: 10,
      sv_idle: 0,
      sv_used: 0,
      sv_login: 0,
      maxwait: 1,
      maxwait_us: 250000,
    },
    {
      database: 'stampede',
      user: 'b',
      cl_active: 2,
      cl_waiting: 1,
      sv_active: 0,
      sv_idle: 1,
      sv_used: 1,
      sv_login: 0,
      maxwait: 3,
      maxwait_us: 0,
    },
  ];

  it('sums SHOW POOLS over the database users and takes the longest wait', () => {
    expect(poolValues(pools, 'stampede')).toEqual({
      cl_active: 12,
      cl_waiting: 4,
      sv_active: 10,
      sv_idle: 1,
      sv_used: 1,
      sv_login: 0,
      maxwait_seconds: 3,
    });
  });

  it('gives zeros for a database without a pool yet, and null for a column the version lacks', () => {
    expect(poolValues(pools, 'other')).toMatchObject({ cl_waiting: 0, maxwait_seconds: 0 });
    expect(poolValues([{ database: 'x', cl_active: 1 }], 'x')).toMatchObject({ cl_active: 1, cl_waiting: null });
  });

  it('reads SHOW STATS by column name, old and new spellings alike', () => {
    const row = { database: 'stampede', total_xact_count: '42', total_query_count: '99', total_wait_time: '1500', avg_wait_time: '12' };
    expect(statsValues([row], 'stampede')).toEqual({
      total_xact_count: 42,
      total_query_count: 99,
      total_wait_time_us: 1500,
      avg_wait_time_us: 12,
    });
    expect(statsValues([{ database: 'stampede', total_xact_count: '1' }], 'stampede').total_wait_time_us).toBeNull();
    expect(() => statsValues([row], 'missing')).toThrow(/not found/);
  });
});

describe('Redis INFO', () => {
  it('maps the fields it needs and nulls the ones a server lacks', () => {
    const text = [
      '# Clients',
      'connected_clients:7',
      'blocked_clients:2',
      '',
      '# Memory',
      'used_memory:1048576',
      'used_memory_human:1.00M',
      '# Stats',
      'instantaneous_ops_per_sec:130',
      'rejected_connections:0',
      'total_commands_processed:5000',
      'keyspace:db0:keys=1,expires=0',
    ].join('\r\n');
    const info = parseInfo(text);
    expect(info.get('keyspace')).toBe('db0:keys=1,expires=0');
    expect(infoValues(info)).toEqual({
      connected_clients: 7,
      blocked_clients: 2,
      used_memory_bytes: 1048576,
      instantaneous_ops_per_sec: 130,
      rejected_connections: 0,
      total_commands_processed: 5000,
      evicted_keys: null,
    });
  });
});

describe('RESP replies', () => {
  it('encodes commands as arrays of bulk strings, counting bytes not characters', () => {
    expect(encodeCommand(['INFO']).toString()).toBe('*1\r\n$4\r\nINFO\r\n');
    expect(encodeCommand(['AUTH', 'pässword']).toString()).toBe('*2\r\n$4\r\nAUTH\r\n$9\r\npässword\r\n');
  });

  it('parses simple, error, integer, bulk, null and nested array replies', () => {
    const buffer = Buffer.from('+OK\r\n-ERR wrong\r\n:42\r\n$5\r\nhel\r\n\r\n$-1\r\n*2\r\n:1\r\n*1\r\n$1\r\nx\r\n');
    const values = [];
    for (let parsed = parseReply(buffer, 0); parsed; parsed = parseReply(buffer, parsed.next)) {
      values.push(parsed.value);
      if (parsed.next >= buffer.length) break;
    }
    expect(values).toEqual(['OK', new RespErrorReply('ERR wrong'), 42, 'hel\r\n', null, [1, ['x']]]);
  });

  it('waits for the rest of a reply that arrived in pieces, and refuses a type it does not know', () => {
    expect(parseReply(Buffer.from('$10\r\nhello'))).toBeUndefined();
    expect(parseReply(Buffer.from('*2\r\n:1\r\n'))).toBeUndefined();
    expect(parseReply(Buffer.from('+OK'))).toBeUndefined();
    expect(() => parseReply(Buffer.from('%1\r\n'))).toThrow(/unexpected RESP type/);
  });
});
