// The published declarations (dist/, built by `npm run build` with stripInternal) are the API of
// API.md and nothing more: walking every type reachable from the package root's exports meets no
// internal type, and a strict consumer compiles against them with library checks on.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = [path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')]
  .find((dir) => existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src')))!;
const entry = path.join(root, 'dist', 'index.d.ts');

/** Internals that must not surface: the connection, routing, registry and cursor plumbing. */
const INTERNAL = [
  'Connection', 'ConnectionOptions', 'WriteQueue', 'FrameDecoder', 'Heartbeat', 'Router', 'NodePool', 'Operation', 'PinnedChannel', 'Channel',
  'AffinityMaps', 'BinaryTypeRegistry', 'PendingSchema', 'TypeStore', 'CursorSource', 'CacheContext', 'QueryContext', 'TransactionManager',
  'TransactionHost', 'KeyBatch', 'ComplexDescriptor', 'DescriptorField', 'ResolvedOptions', 'Credentials', 'RequestSink', 'BinaryWriter', 'BinaryReader',
];

function reachableTypeNames(): Map<string, string> {
  const program = ts.createProgram([entry], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const seen = new Map<string, string>(); // type name -> the path it was reached by
  const visited = new Set<ts.Type>();
  const visitType = (type: ts.Type, via: string, depth: number): void => {
    if (visited.has(type) || depth > 12) return;
    visited.add(type);
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.declarations?.[0];
    const fromUs = declaration !== undefined && declaration.getSourceFile().fileName.startsWith(path.join(root, 'dist'));
    if (symbol !== undefined && fromUs && !seen.has(symbol.name)) seen.set(symbol.name, via);
    if (!fromUs && declaration !== undefined) return; // Node's or the standard library's own types
    for (const part of type.isUnionOrIntersection() ? type.types : []) visitType(part, via, depth + 1);
    for (const argument of type.aliasTypeArguments ?? []) visitType(argument, via, depth + 1);
    if ((type.flags & ts.TypeFlags.Object) !== 0) {
      for (const argument of checker.getTypeArguments(type as ts.TypeReference) ?? []) visitType(argument, via, depth + 1);
      for (const property of checker.getPropertiesOfType(type)) {
        const declarations = property.declarations ?? [];
        // Private members carry no type in a declaration file; their names are harmless.
        if (declarations.some((d) => ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Private) || property.name.startsWith('#') || property.name.startsWith('__@')) continue;
        visitType(checker.getTypeOfSymbol(property), `${via}.${property.name}`, depth + 1);
      }
      for (const signature of [...type.getCallSignatures(), ...type.getConstructSignatures()]) {
        for (const parameter of signature.parameters) visitType(checker.getTypeOfSymbol(parameter), `${via}(${parameter.name})`, depth + 1);
        visitType(signature.getReturnType(), `${via}()`, depth + 1);
      }
    }
  };
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    seen.set(symbol.name, exported.name);
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Value)) visitType(checker.getTypeOfSymbol(symbol), exported.name, 0);
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) visitType(checker.getDeclaredTypeOfSymbol(symbol), exported.name, 0);
  }
  return seen;
}

test('no internal type is reachable from the package root\'s exports', { skip: !existsSync(entry) && 'dist/ is not built (npm run build)' }, () => {
  const reachable = reachableTypeNames();
  const leaks = INTERNAL.filter((name) => reachable.has(name)).map((name) => `${name} (via ${reachable.get(name)})`);
  assert.deepEqual(leaks, []);
  for (const name of ['IgniteClient', 'Cache', 'Transaction', 'Cluster', 'BinaryObject', 'SqlFieldsCursor', 'ErrorCode']) assert.ok(reachable.has(name), name);
});

test('a strict consumer compiles against the published declarations, library checks on', { skip: !existsSync(entry) && 'dist/ is not built (npm run build)' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ignite-client-consumer-'));
  try {
    const file = path.join(dir, 'consumer.ts');
    writeFileSync(file, `
      import { IgniteClient, T, typed, TransactionConcurrency, ClusterState, ErrorCode, type IgniteClientOptions } from ${JSON.stringify(entry.replace(/\.d\.ts$/, '.js'))};
      const options: IgniteClientOptions = { nodes: ['127.0.0.1:10800'], tls: { rejectUnauthorized: false }, username: 'u', password: 'p' };
      export async function main(): Promise<number> {
        await using client = await IgniteClient.connect(options);
        const cache = await client.getOrCreateCache<string, number>('c');
        await cache.withExpiryPolicy({ createMs: 1000 }).put('k', 1, { valueHint: T.int });
        const found: Map<string, number> = await cache.getAll(['k']);
        await client.transaction({ concurrency: TransactionConcurrency.Optimistic }, async (tx) => { await cache.put(tx.label ?? 'x', 2); });
        const state: ClusterState = await client.cluster().state();
        const code: ErrorCode = ErrorCode.Tls;
        for await (const row of client.sql<[number]>('SELECT 1')) void row[0];
        void typed(1, T.short); void state; void code;
        return found.size;
      }
    `);
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, skipLibCheck: false, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: ['node'], typeRoots: [path.join(root, 'node_modules', '@types')],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    assert.deepEqual(diagnostics, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
