package dev.tollgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket that keeps what ordinary clients hide: the chunks of a chunked answer,
 * each as the server framed it (one per write the server made).
 */
final class RawHttp {

    /** A response: status, headers (lower-case names) and the body's chunks in order. */
    record Answer(int status, Map<String, String> headers, List<byte[]> chunks) {

        String header(String name) {
            return headers.get(name);
        }

        String body() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            chunks.forEach(all::writeBytes);
            return all.toString(StandardCharsets.UTF_8);
        }

        List<String> chunkTexts() {
            return chunks.stream().map(c -> new String(c, StandardCharsets.UTF_8)).toList();
        }
    }

    private RawHttp() {
    }

    static Answer post(int port, String path, String bearer, String body, Map<String, String> headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\n")
                    .append("authorization: Bearer ").append(bearer).append("\r\n")
                    .append("content-type: application/json\r\nconnection: close\r\n")
                    .append("content-length: ").append(bytes.length).append("\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                answerHeaders.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            List<byte[]> chunks = new ArrayList<>();
            if ("chunked".equalsIgnoreCase(answerHeaders.get("transfer-encoding"))) {
                while (true) {
                    int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                    if (size == 0) {
                        line(in);
                        break;
                    }
                    chunks.add(in.readNBytes(size));
                    line(in);
                }
            } else {
                int length = Integer.parseInt(answerHeaders.getOrDefault("content-length", "0"));
                chunks.add(in.readNBytes(length));
            }
            return new Answer(status, answerHeaders, chunks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                l.write(b);
            }
        }
        return l.toString(StandardCharsets.US_ASCII);
    }
}
