package com.s3dynamopipe.processor.service;

import java.util.List;
import org.apache.tika.detect.CompositeDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.microsoft.POIFSContainerDetector;
import org.apache.tika.detect.microsoft.ooxml.OPCPackageDetector;
import org.apache.tika.detect.zip.DefaultZipContainerDetector;
import org.apache.tika.detect.zip.FrictionlessPackageDetector;
import org.apache.tika.detect.zip.IPADetector;
import org.apache.tika.detect.zip.JarDetector;
import org.apache.tika.detect.zip.KMZDetector;
import org.apache.tika.detect.zip.OpenDocumentDetector;
import org.apache.tika.detect.zip.StarOfficeDetector;
import org.apache.tika.detect.zip.ZipContainerDetector;
import org.apache.tika.mime.MimeTypes;

/**
 * The processor's media type detector: Apache Tika's magic-number registry ({@code tika-core}) combined with its
 * container detectors, which look inside zip and OLE2 files, where magic numbers only say {@code application/zip}
 * or {@code application/x-tika-msoffice}:
 * <ul>
 * <li>zip ({@code tika-parser-zip-commons}): ODF and EPUB by their {@code mimetype} entry, JAR and APK by their
 * manifest entries, IPA, KMZ, Frictionless data packages, StarOffice;</li>
 * <li>OOXML ({@code tika-parser-microsoft-module}, {@link OPCPackageDetector}): docx, xlsx, pptx and their
 * macro/template variants by the package's main part, whatever the order of the zip's entries;</li>
 * <li>OLE2 ({@link POIFSContainerDetector}): doc, xls, ppt, msg and others by the compound file's root entries.</li>
 * </ul>
 * Every detector is constructed here, not found through Tika's service loading, so the native image needs no
 * reflection for them and no {@code META-INF/services} resources (ContainerDetectionRegistrationTest checks which
 * resources detection reads).
 */
public final class ContainerDetection {

    private ContainerDetection() {}

    /** @return a new detector as described above; thread-safe once built */
    public static Detector newDetector() {
        return newDetector(ContainerDetection.class.getClassLoader());
    }

    /**
     * @param loader where Tika's media type registry ({@code org/apache/tika/mime/tika-mimetypes.xml}) is read from
     * @return a new detector; the registry decides which result is the most specific, so a container detector's
     *         {@code application/vnd.openxmlformats-officedocument.wordprocessingml.document} wins over the magic
     *         numbers' {@code application/zip}
     */
    public static Detector newDetector(ClassLoader loader) {
        MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes(loader);
        List<ZipContainerDetector> zipDetectors = List.of(
                new OPCPackageDetector(),
                new OpenDocumentDetector(),
                new JarDetector(),
                new IPADetector(),
                new KMZDetector(),
                new StarOfficeDetector(),
                new FrictionlessPackageDetector());
        // As in Tika's DefaultDetector: the container detectors first, the magic numbers (and file name) last.
        return new CompositeDetector(
                mimeTypes.getMediaTypeRegistry(),
                List.of(new DefaultZipContainerDetector(zipDetectors), new POIFSContainerDetector(), mimeTypes));
    }

    /**
     * @param head the first bytes of a file (at least 8 for an answer)
     * @return whether they start a zip ({@code PK\3\4} local file header, {@code PK\5\6} empty archive, {@code PK\7\8}
     *         spanned archive; PKWARE APPNOTE 4.3) or an OLE2 compound file ({@code D0 CF 11 E0 A1 B1 1A E1};
     *         [MS-CFB] 2.2), whose type only their directory can tell
     */
    public static boolean isContainer(byte[] head) {
        if (head.length >= 4
                && head[0] == 'P'
                && head[1] == 'K'
                && ((head[2] == 3 && head[3] == 4)
                        || (head[2] == 5 && head[3] == 6)
                        || (head[2] == 7 && head[3] == 8))) {
            return true;
        }
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        if (head.length < ole2.length) {
            return false;
        }
        for (int i = 0; i < ole2.length; i++) {
            if (head[i] != ole2[i]) {
                return false;
            }
        }
        return true;
    }
}
