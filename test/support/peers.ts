// Typed access to scripts/interop.mjs, which builds and runs the Java and Python peers.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface PeerResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface InteropModule {
  ensureInteropPeers(): Promise<void>;
  runJava(args: string[], options?: { timeoutMs?: number }): Promise<PeerResult>;
  runPython(args: string[], options?: { timeoutMs?: number }): Promise<PeerResult>;
}

// Compiled tests live in build/test/support; the script stays in the source tree.
const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scripts', 'interop.mjs');

export async function interop(): Promise<InteropModule> {
  return (await import(pathToFileURL(script).href)) as InteropModule;
}
