// Writes a plain event log through the codec streams Spark itself uses, constructed as Spark
// constructs them (org.apache.spark.io.CompressionCodec), so tests and benchmarks read real
// Spark-format bytes. Usage: java WriteSparkCodecStreams <codec> <plain input> <output> [<codec> <in> <out> ...]
// with codec one of lz4, snappy, zstd, lzf. Like Spark's event-log writer, the stream is flushed
// after events (here every FLUSH_EVERY_LINES lines), which ends partial blocks for snappy, zstd and lzf.
import com.github.luben.zstd.ZstdOutputStream;
import com.ning.compress.lzf.LZFOutputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

public class WriteSparkCodecStreams {
  // spark.io.compression.{lz4,snappy,zstd}.blockSize / bufferSize default 32k; zstd level 1.
  private static final int BLOCK_SIZE = 32 * 1024;
  private static final int ZSTD_LEVEL = 1;
  private static final int LZ4_SEED = 0x9747b28c;
  private static final int FLUSH_EVERY_LINES = 50;

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args.length % 3 != 0) {
      System.err.println("usage: WriteSparkCodecStreams <lz4|snappy|zstd|lzf> <input> <output> [...]");
      System.exit(2);
    }
    for (int i = 0; i < args.length; i += 3) {
      try (InputStream in = new BufferedInputStream(new FileInputStream(args[i + 1]), 1 << 20);
           OutputStream out = compressed(args[i], new BufferedOutputStream(new FileOutputStream(args[i + 2]), 1 << 16))) {
        copyFlushingAtLineEnds(in, out);
      }
    }
  }

  private static OutputStream compressed(String codec, OutputStream s) {
    switch (codec) {
      case "lz4":
        return new LZ4BlockOutputStream(s, BLOCK_SIZE, LZ4Factory.fastestInstance().fastCompressor(),
            XXHashFactory.fastestInstance().newStreamingHash32(LZ4_SEED).asChecksum(), false);
      case "snappy":
        return new SnappyOutputStream(s, BLOCK_SIZE);
      case "zstd":
        try {
          return new BufferedOutputStream(new ZstdOutputStream(s, ZSTD_LEVEL), BLOCK_SIZE);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      case "lzf":
        return new LZFOutputStream(s).setFinishBlockOnFlush(true);
      default:
        throw new IllegalArgumentException("unknown codec " + codec);
    }
  }

  private static void copyFlushingAtLineEnds(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[1 << 16];
    int lines = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n' && ++lines % FLUSH_EVERY_LINES == 0) {
          out.write(buf, start, i + 1 - start);
          out.flush();
          start = i + 1;
        }
      }
      out.write(buf, start, n - start);
    }
  }
}
