import { describe, expect, it } from 'vitest';
import { TokenizerValueError } from './errors.js';
import { pyDumps, pyDumpString, pyLoads } from './python-json.js';

describe('pyDumpString (Python json.dumps, ensure_ascii=True)', () => {
  it('uses short escapes and lowercase \\u00XX for other controls and DEL', () => {
    expect(pyDumpString('a"b\\c/\n\r\t\b\f')).toBe('"a\\"b\\\\c/\\n\\r\\t\\b\\f"');
    expect(pyDumpString('\x00\x1f\x7f')).toBe('"\\u0000\\u001f\\u007f"');
  });
  it('escapes non-ASCII per UTF-16 unit, including lone surrogates', () => {
    expect(pyDumpString('é€😀')).toBe('"\\u00e9\\u20ac\\ud83d\\ude00"');
    expect(pyDumpString('x\ud800y')).toBe('"x\\ud800y"');
  });
});

describe('pyDumps', () => {
  it("uses ', ' and ': ' separators, null/true/false", () => {
    const m = new Map<string, null | boolean | number | string>([['a', null], ['b', true], ['c', 3], ['d', 'x']]);
    expect(pyDumps(m)).toBe('{"a": null, "b": true, "c": 3, "d": "x"}');
    expect(pyDumps([1, false])).toBe('[1, false]');
    expect(pyDumps(new Map())).toBe('{}');
  });
  it('refuses non-integers', () => {
    expect(() => pyDumps(0.5)).toThrow(TokenizerValueError);
  });
});

describe('pyLoads', () => {
  it('keeps key order, including integer-like keys', () => {
    const v = pyLoads('{"2": 1, "10": 2, "1": 3}') as Map<string, number>;
    expect([...v]).toEqual([['2', 1], ['10', 2], ['1', 3]]);
  });
  it('last duplicate wins at the first position, like Python dicts', () => {
    expect([...(pyLoads('{"a": 1, "b": 2, "a": 3}') as Map<string, number>)]).toEqual([['a', 3], ['b', 2]]);
  });
  it('decodes escapes, surrogate pairs and lone surrogates', () => {
    expect(pyLoads('"\\ud83d\\ude00 \\u00e9 \\ud800 \\/ \\n"')).toBe('😀 é \ud800 / \n');
  });
  it('parses nested values and rejects garbage', () => {
    expect(pyLoads(' [1, -2.5e1, null, true, {"k": []}] ')).toEqual([1, -25, null, true, new Map([['k', []]])]);
    for (const bad of ['{', '{"a" 1}', '[1,]', '"x', '"\\q"', '{} x', '"\u0001"']) {
      expect(() => pyLoads(bad)).toThrow(TokenizerValueError);
    }
  });
});
