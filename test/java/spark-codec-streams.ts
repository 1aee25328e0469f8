// Compiles and runs WriteSparkCodecStreams.java: real lz4-java / snappy-java / zstd-jni /
// compress-lzf streams, written by the libraries and constructors Spark uses. Used by tests and
// the ingest benchmark.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SparkCodec = 'lz4' | 'snappy' | 'zstd' | 'lzf';

// Debian's jars (and the apt package that provides each). Their JNI libraries sit on the JDK's
// default java.library.path (/usr/lib/x86_64-linux-gnu/jni), so no -Djava.library.path is needed.
const JARS: { jar: string; apt: string }[] = [
  { jar: '/usr/share/java/lz4-java.jar', apt: 'liblz4-java' },
  { jar: '/usr/share/java/snappy-java.jar', apt: 'libsnappy-java' },
  { jar: '/usr/share/java/zstd-jni.jar', apt: 'libzstd-jni-java' },
  { jar: '/usr/share/java/compress-lzf.jar', apt: 'libcompress-lzf-java' },
];
const SOURCE = fileURLToPath(new URL('./WriteSparkCodecStreams.java', import.meta.url));

let compiledInto: string | undefined;

function classpath(): string {
  const missing = JARS.filter((j) => !existsSync(j.jar));
  if (missing.length > 0) {
    throw new Error(
      `Missing Java codec libraries: ${missing.map((m) => m.jar).join(', ')}. Install them with: apt-get install -y ${missing.map((m) => m.apt).join(' ')}`,
    );
  }
  for (const tool of ['javac', 'java']) {
    try {
      execFileSync(tool, ['-version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`\`${tool}\` is not installed. Install a JDK with: apt-get install -y default-jdk-headless`);
    }
  }
  return JARS.map((j) => j.jar).join(':');
}

function compile(): string {
  if (!compiledInto) {
    const cp = classpath();
    const out = mkdtempSync(join(tmpdir(), 'skewscope-java-'));
    execFileSync('javac', ['-d', out, '-cp', cp, SOURCE], { stdio: 'pipe' });
    compiledInto = `${cp}:${out}`;
  }
  return compiledInto;
}

/** Writes each `input` plain file to `output` through `codec`'s Spark stream (one JVM for all). */
export function writeSparkCodecStreams(jobs: { codec: SparkCodec; input: string; output: string }[]): void {
  const cp = compile();
  execFileSync('java', ['-cp', cp, 'WriteSparkCodecStreams', ...jobs.flatMap((j) => [j.codec, j.input, j.output])], { stdio: 'pipe' });
}
