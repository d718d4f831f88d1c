package com.s3dynamopipe.processor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;

/**
 * One small file of each container family the processor must tell apart from a plain zip or OLE2 file, built
 * here (java.util.zip for the zips, Apache POI's POIFS writer for the OLE2 compound files) with the entries that
 * define the format, and the media type Tika's registry names it by.
 *
 * @param family   what it is, e.g. {@code docx (first entry word/document.xml)}
 * @param bytes    the whole file
 * @param expected the media type detection must report
 */
record ContainerSamples(String family, byte[] bytes, String expected) {

    static final String OOXML_RELS = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            + "officeDocument\" Target=\"%s\"/></Relationships>";

    static final String OOXML_TYPES = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/%s\" ContentType=\"%s\"/></Types>";

    /** @return every family, each without a file name extension when uploaded */
    static List<ContainerSamples> all() {
        return List.of(
                ooxml(
                        "docx (first entry word/document.xml)",
                        "word/document.xml",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                ooxml(
                        "xlsx",
                        "xl/workbook.xml",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ooxml(
                        "pptx",
                        "ppt/presentation.xml",
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                        "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                odf("odt", "application/vnd.oasis.opendocument.text"),
                odf("ods", "application/vnd.oasis.opendocument.spreadsheet"),
                new ContainerSamples(
                        "epub",
                        zip(entries(
                                "mimetype", "application/epub+zip",
                                "META-INF/container.xml",
                                        "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\"urn:oasis:"
                                                + "names:tc:opendocument:xmlns:container\"><rootfiles><rootfile full-path=\"OEBPS/"
                                                + "content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>",
                                "OEBPS/content.opf",
                                        "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\"/>")),
                        "application/epub+zip"),
                new ContainerSamples(
                        "jar",
                        zip(entries(
                                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: example.Main\r\n\r\n",
                                "example/Main.class", "\u00ca\u00fe\u00ba\u00be")),
                        "application/java-archive"),
                new ContainerSamples(
                        "apk",
                        zip(entries(
                                "AndroidManifest.xml", "binary manifest",
                                "classes.dex", "dex\n035\u0000",
                                "resources.arsc", "resources",
                                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")),
                        "application/vnd.android.package-archive"),
                ole2("doc (OLE2 WordDocument stream)", "WordDocument", "application/msword"),
                ole2("xls (OLE2 Workbook stream)", "Workbook", "application/vnd.ms-excel"));
    }

    static ContainerSamples ooxml(String family, String mainPart, String mainType, String expected) {
        // The main part first, then the package's own parts: the order Word writes them.
        return new ContainerSamples(
                family,
                zip(entries(
                        mainPart,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root/>",
                        "[Content_Types].xml",
                        String.format(OOXML_TYPES, mainPart, mainType),
                        "_rels/.rels",
                        String.format(OOXML_RELS, mainPart))),
                expected);
    }

    static ContainerSamples odf(String family, String mimetype) {
        return new ContainerSamples(
                family,
                zip(entries(
                        "mimetype", mimetype,
                        "META-INF/manifest.xml",
                                "<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:"
                                        + "tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" "
                                        + "manifest:media-type=\"" + mimetype + "\"/></manifest:manifest>",
                        "content.xml",
                                "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:"
                                        + "opendocument:xmlns:office:1.0\"/>")),
                mimetype);
    }

    static ContainerSamples ole2(String family, String stream, String expected) {
        try (POIFSFileSystem fs = new POIFSFileSystem();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fs.createDocument(new java.io.ByteArrayInputStream(new byte[4096]), stream);
            fs.writeFilesystem(out);
            return new ContainerSamples(family, out.toByteArray(), expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> entries(String... namesAndContents) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            entries.put(namesAndContents[i], namesAndContents[i + 1]);
        }
        return entries;
    }

    /** A zip with the entries in order; {@code mimetype} stored uncompressed, as ODF and EPUB require. */
    static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                byte[] content = entry.getValue()
                        .getBytes(
                                entry.getKey().endsWith(".class")
                                        ? StandardCharsets.ISO_8859_1
                                        : StandardCharsets.UTF_8);
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                if (entry.getKey().equals("mimetype")) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    zipEntry.setMethod(ZipEntry.STORED);
                    zipEntry.setSize(content.length);
                    zipEntry.setCrc(crc.getValue());
                }
                zip.putNextEntry(zipEntry);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public String toString() {
        return family;
    }
}
