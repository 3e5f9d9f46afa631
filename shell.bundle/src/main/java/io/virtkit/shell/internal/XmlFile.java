package io.virtkit.shell.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.apache.karaf.shell.support.CommandException;

/**
 * Reads a FILE argument as virsh does before it calls the API, with virsh's wording when it cannot:
 * "Failed to open file 'x': No such file or directory". Relative paths resolve against the working
 * directory, the same place Karaf's FileCompleter completes from.
 */
final class XmlFile {

    /** virsh refuses files above 10 MiB (VSH_MAX_XML_FILE); so do we, before reading them whole. */
    static final long MAX_BYTES = 10L * 1024 * 1024;

    private XmlFile() {
    }

    static String read(String file) throws CommandException {
        Path path = Path.of(file);
        String failure = "Failed to open file '" + file + "': ";
        if (Files.isDirectory(path)) {
            throw Errors.of(failure + "Is a directory");
        }
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw Errors.of("file '" + file + "' is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw Errors.of(failure + "No such file or directory");
        } catch (AccessDeniedException e) {
            throw Errors.of(failure + "Permission denied");
        } catch (CharacterCodingException e) {
            throw Errors.of("Failed to read file '" + file + "': not valid UTF-8");
        } catch (IOException e) {
            throw Errors.of(failure + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
    }
}
