package dev.afl.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row-major float32 matrix in NumPy's {@code .npy} format (version 1.0), so that the training scripts read it with
 * {@code numpy.load} and need no other package. Only what the exporter writes is read back: little-endian float32,
 * C order, two dimensions.
 *
 * @param values {@code rows * columns} values, row after row
 */
public record NpyMatrix(int rows, int columns, float[] values) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile(
            "'descr': '<f4', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\)");

    public NpyMatrix {
        if ((long) rows * columns != values.length) {
            throw new IllegalArgumentException(rows + " x " + columns + " matrix given " + values.length + " values");
        }
    }

    /** Stacks equally long rows. */
    public static NpyMatrix ofRows(float[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] values = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != columns) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + columns);
            }
            System.arraycopy(rows[r], 0, values, r * columns, columns);
        }
        return new NpyMatrix(rows.length, columns, values);
    }

    public float[] row(int r) {
        float[] row = new float[columns];
        System.arraycopy(values, r * columns, row, 0, columns);
        return row;
    }

    public void write(Path file) {
        // The header is padded with spaces so that magic + version + length + header is a multiple of 64 bytes
        // and ends with a newline, as the format requires.
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >>> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(data.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static NpyMatrix read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DataInputStream data = new DataInputStream(in);
            byte[] magic = data.readNBytes(MAGIC.length + 2);
            int headerLength = data.readUnsignedByte() | data.readUnsignedByte() << 8;
            String header = new String(data.readNBytes(headerLength), StandardCharsets.US_ASCII);
            Matcher shape = SHAPE.matcher(header);
            if (magic.length != MAGIC.length + 2 || magic[0] != MAGIC[0] || magic[6] != 1 || !shape.find()) {
                throw new DataFormatException(file, "not a version 1.0 .npy file of a 2-D little-endian float32 C-order"
                        + " matrix; write it again with ./afl export-training-data --item-text-features");
            }
            int rows = Integer.parseInt(shape.group(1));
            int columns = Integer.parseInt(shape.group(2));
            byte[] bytes = data.readNBytes(rows * columns * Float.BYTES);
            if (bytes.length != rows * columns * Float.BYTES) {
                throw new DataFormatException(file, "truncated: the header promises " + rows + " x " + columns
                        + " float32 values; write it again with ./afl export-training-data --item-text-features");
            }
            float[] values = new float[rows * columns];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return new NpyMatrix(rows, columns, values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
