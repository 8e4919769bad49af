package dev.tollgate.providers.canonical;

import dev.tollgate.spi.provider.TranslationException;

import java.util.Locale;

/** A base64 {@code data:<media type>;base64,<data>} URL, as clients send inline images and files. */
public record DataUrl(String mediaType, String base64) {

    /** @param path where the URL sits in the request, for the error message */
    public static DataUrl parse(String url, String path) throws TranslationException {
        int comma = url.startsWith("data:") ? url.indexOf(',') : -1;
        String header = comma < 0 ? "" : url.substring("data:".length(), comma);
        if (comma < 0 || !header.endsWith(";base64")) {
            throw new TranslationException(path + " must be a base64 data URL (data:<media type>;base64,…)");
        }
        String mediaType = header.substring(0, header.length() - ";base64".length());
        int parameters = mediaType.indexOf(';');
        if (parameters >= 0) {
            mediaType = mediaType.substring(0, parameters);
        }
        if (mediaType.isBlank()) {
            throw new TranslationException(path + " must name its media type");
        }
        return new DataUrl(mediaType.strip().toLowerCase(Locale.ROOT), url.substring(comma + 1));
    }
}
