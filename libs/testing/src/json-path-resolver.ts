import type { PathResolver } from 'json-rules-engine';
import { JSONPath } from 'jsonpath-plus';

/** JSONPath-Plus's `evaluate` with an options object, as its default path resolution calls it. */
type EvaluateWithOptions = (options: { path: string; json: unknown }) => unknown;

/**
 * json-rules-engine's default path resolution, JSONPath-Plus with `wrap: false`, without its cost
 * of being called without `new`: for a scalar result (most condition paths) JSONPath-Plus throws an
 * Error to return it, and capturing that Error's stack took a quarter of the oracle's time. One
 * instance made with `autostart: false` evaluates each path the same way and returns the result.
 */
export function reusedJsonPathResolver(): PathResolver {
  const jsonPath = JSONPath({ path: '$', json: null, autostart: false, wrap: false });
  const evaluate = jsonPath.evaluate.bind(jsonPath) as unknown as EvaluateWithOptions;
  return (value, path) => evaluate({ path, json: value });
}
