package org.multiprocessing4j.internal.platform;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Owner-only files and folders, on POSIX file systems and elsewhere: where the file system has
 * POSIX permissions, files are created {@code rw-------} and folders {@code rwx------}; elsewhere
 * (Windows) a file in the user's own temporary folder ({@code %TEMP%}, private to the user by its
 * ACL) is what makes it private.
 *
 * <p>The segment folder of the platforms without {@code /dev/shm} is
 * {@code <java.io.tmpdir>/mp4j-shm-<user>}: per user, the same path in every process of that user
 * (macOS's {@code java.io.tmpdir} is the per-user {@code $TMPDIR} already). An existing folder
 * is used only if it is a real folder (not a link), owned by this user, and closed to group and
 * others, so that another user cannot prepare it to read or swap this user's segments.
 */
public final class PrivateFolder {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFolder() {}

    /** The attributes that make a new file readable and writable by its owner only (none where POSIX permissions do not exist). */
    public static FileAttribute<?>[] ownerOnlyFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /**
     * The segment folder: {@code -Dmp4j.shm.dir} (created if missing) or the per-user default in
     * {@code java.io.tmpdir} (created if missing, checked if present).
     *
     * @throws IllegalStateException if it cannot be made, or the default exists but is not private
     */
    static Path segmentFolder() {
        return segmentFolder(System.getProperty(Platforms.SHM_DIR_PROPERTY), Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #segmentFolder()}, with the property's value ({@code null}: unset) and the temporary folder given. */
    static Path segmentFolder(String explicit, Path tmpdir) {
        if (explicit != null) {
            Path dir = Path.of(explicit);
            make(dir);
            return dir;
        }
        Path dir = tmpdir.resolve("mp4j-shm-" + safeUserName());
        make(dir);
        checkPrivate(dir);
        return dir;
    }

    /** {@code user.name} with anything but {@code [A-Za-z0-9_.-]} replaced by {@code _}. */
    static String safeUserName() {
        String user = System.getProperty("user.name", "");
        String safe = user.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safe.isEmpty() ? "user" : safe;
    }

    private static void make(Path dir) {
        try {
            if (POSIX) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // made before, by this process's user or another: checked by the caller where it matters
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the shared-memory folder " + dir + ": " + e, e);
        }
    }

    private static void checkPrivate(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("the shared-memory folder " + dir + " is not a folder (or is a link);"
                    + " remove it, or set -D" + Platforms.SHM_DIR_PROPERTY + " to a private folder");
        }
        if (!POSIX) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            if (!OWNER_ONLY_FOLDER.containsAll(perms)) {
                throw new IllegalStateException("the shared-memory folder " + dir + " has permissions="
                        + PosixFilePermissions.toString(perms) + "; it must be rwx------ (private to its owner)");
            }
            UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal me = ownerOfNewFile(dir);
            if (me != null && !me.equals(owner)) {
                throw new IllegalStateException("the shared-memory folder " + dir + " belongs to owner=" + owner.getName()
                        + ", not to this user (" + me.getName() + "); set -D" + Platforms.SHM_DIR_PROPERTY
                        + " to a private folder");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot check the shared-memory folder " + dir + ": " + e, e);
        }
    }

    /**
     * Who this process's files belong to: the owner of a file it creates (a name lookup of
     * {@code user.name} is unreliable in containers, where the uid may have no name).
     */
    private static UserPrincipal ownerOfNewFile(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, ".owner", null, ownerOnlyFile());
        try {
            return Files.getOwner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
