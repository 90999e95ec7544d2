package hoop.protocol.awshttp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the parts of each multipart upload through this proxy were: bytes the client sent (UploadPart), or copies of
 * which objects (UploadPartCopy), whole or a byte range of them. hoop tells text from binary by an object's first
 * bytes, so an upload that puts a copy of a text object behind bytes of the client's own (5 MB of NULs, then the
 * secret) made an object read back as binary, the copied text unmasked. A copied range cuts the object where the
 * client chose: bytes 0-19 and 20-46 of "hello sk_live_0123456789abcdef ..." completed as two objects, each read
 * back with half of the key, which no detector sees. One kind of bytes per upload, and ranges only as they tile
 * their object whole, is what the CLI and SDKs send: the parts of a file, or one object copied in parts (`aws s3 cp`
 * of 8 MB or more, between buckets or keys).
 */
final class UploadParts {
    private static final int MAX_UPLOADS = 10_000;
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");

    /** One part: the client's bytes (source null), or a copy of source, whole (first -1), bytes first..last, or a range hoop cannot read (first -2). */
    private record Part(String source, long first, long last) {}

    /** A completion whose parts copy ranges of one object: they cover bytes 0..length-1 of it, which must be all of it. */
    record Whole(String source, long length) {}

    /** Why completing would make an object hoop cannot read safely (null when it may), and what to check of its source. */
    record Completion(String refused, Whole whole) {}

    private final Map<String, Map<Integer, Part>> uploads = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<Integer, Part>> eldest) {
            return size() > MAX_UPLOADS;  // a forgotten upload fails closed at its completion
        }
    };

    /** Each upload's parts' real ETags, as their answers gave them (UploadPart's header, UploadPartCopy's result). */
    private final Map<String, Map<Integer, String>> etags = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<Integer, String>> eldest) {
            return size() > MAX_UPLOADS;
        }
    };

    /** The real ETag the upstream answered a part with. */
    synchronized void answered(String objectArn, String uploadId, String partNumber, String realEtag) {
        Integer n = number(partNumber);
        if (n != null && realEtag != null) etags.computeIfAbsent(objectArn + "?uploadId=" + uploadId, k -> new HashMap<>()).put(n, realEtag);
    }

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("<Part>(.*?)</Part>", java.util.regex.Pattern.DOTALL);
    private static final java.util.regex.Pattern PART_NUMBER = java.util.regex.Pattern.compile("<PartNumber>\\s*([0-9]{1,5})\\s*</PartNumber>");
    private static final java.util.regex.Pattern ETAG = java.util.regex.Pattern.compile("<ETag>([^<]*)</ETag>");

    /**
     * A CompleteMultipartUpload body as the server must get it. The client was shown a copied part's ETag (the MD5 of
     * the bytes it copied, a range of a masked object maybe) as a stand-in (PseudoEtags): listed, it becomes the real
     * one. Any other value for a copied part is sent as one that matches nothing: passed on, the MD5 of a guess
     * completed the upload or failed as InvalidPart, the oracle again. A part of the client's own bytes keeps the value
     * it was listed with (its real ETag, which its UploadPart answer showed) unless it is that part's stand-in (from
     * ListParts). listed: the part numbers as an XML reader read them; a body this cannot follow part by part is refused.
     */
    synchronized byte[] realEtags(String objectArn, String uploadId, byte[] body, List<String> listed) {
        String key = objectArn + "?uploadId=" + uploadId;
        Map<Integer, Part> seen = uploads.getOrDefault(key, Map.of());
        Map<Integer, String> real = etags.getOrDefault(key, Map.of());
        String doc = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = PART.matcher(doc);
        StringBuilder out = new StringBuilder(doc.length());
        int i = 0;
        while (m.find()) {
            java.util.regex.Matcher num = PART_NUMBER.matcher(m.group(1));
            java.util.regex.Matcher tag = ETAG.matcher(m.group(1));
            if (i >= listed.size() || !num.find() || !num.group(1).equals(listed.get(i)) || !tag.find() || tag.find(tag.end())
                    || m.group(1).split("ETag", -1).length != 3) {
                throw new IllegalArgumentException("a <Part> hoop cannot read as one part number and one ETag");
            }
            tag.reset().find();
            int n = Integer.parseInt(num.group(1));
            Part p = seen.get(n);
            String given = tag.group(1).replace("&quot;", "\"").replace("&#34;", "\"").replace("&#x22;", "\"");
            String value = PseudoEtags.standsFor(given, real.get(n)) ? real.get(n)
                    : p != null && p.source() == null ? null : "\"hoop-unmatched\"";
            String part = value == null ? m.group(1) : m.group(1).substring(0, tag.start()) + "<ETag>" + value.replace("\"", "&quot;") + "</ETag>"
                    + m.group(1).substring(tag.end());
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("<Part>" + part + "</Part>"));
            i++;
        }
        if (i != listed.size()) throw new IllegalArgumentException("a <Part> hoop cannot read as one part number and one ETag");
        m.appendTail(out);
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** objectArn and uploadId name the upload; copySource is null for a part of the client's own bytes, copyRange its x-amz-copy-source-range. */
    synchronized void part(String objectArn, String uploadId, String partNumber, String copySource, String copyRange) {
        Integer n = number(partNumber);
        if (n == null) return;  // S3 refuses it; were it stored, its completion finds no part n and is refused
        String source = copySource == null ? null : copySource.startsWith("/") ? copySource.substring(1) : copySource;
        long first = -1;
        long last = -1;
        if (source != null && copyRange != null) {
            java.util.regex.Matcher m = RANGE.matcher(copyRange);
            first = m.matches() ? Long.parseLong(m.group(1)) : -2;
            last = m.matches() ? Long.parseLong(m.group(2)) : -2;
        }
        Part part = new Part(source, first, last);
        // Sent again otherwise (two requests for one part number in flight): which one the server kept last is not
        // the order hoop judged them in, so the part is any of them.
        uploads.computeIfAbsent(objectArn + "?uploadId=" + uploadId, k -> new HashMap<>()).merge(n, part, (had, now) -> had.equals(now) ? had : CONFLICT);
    }

    /** A part number sent as different parts: refused at completion (no range starts at -3). */
    private static final Part CONFLICT = new Part("", -3, -3);

    /** Judges the completion of an upload naming the parts listed (in its body's order, which is the object's). */
    synchronized Completion completing(String objectArn, String uploadId, List<String> listed) {
        Map<Integer, Part> seen = uploads.get(objectArn + "?uploadId=" + uploadId);
        if (seen == null) return refused("hoop saw none of this upload's parts go through it");
        List<Part> parts = new ArrayList<>();
        for (String l : listed) {
            Integer n = number(l);
            Part p = n == null ? null : seen.get(n);
            if (p == null) return refused("hoop did not see its part " + l + " go through it");
            if (p == CONFLICT) return refused("its part " + l + " was sent as different parts, and which one the server kept is not known");
            parts.add(p);
        }
        Set<String> sources = new LinkedHashSet<>();
        boolean client = false;
        for (Part p : parts) {
            if (p.source() == null) client = true;
            else sources.add(p.source());
        }
        if (client && !sources.isEmpty()) return refused("the upload joins copies of other objects to bytes the client sent");
        if (sources.size() > 1) return refused("the upload joins copies of " + sources.size() + " objects");
        if (sources.isEmpty() || parts.stream().allMatch(p -> p.first() == -1)) return new Completion(null, null);
        long next = 0;
        for (Part p : parts) {
            if (p.first() != next || p.last() < p.first()) return refused("its parts copy byte ranges that are not one object from its first byte on");
            next = p.last() + 1;
        }
        return new Completion(null, new Whole(sources.iterator().next(), next));
    }

    private static Completion refused(String why) {
        return new Completion(why, null);
    }

    private static Integer number(String s) {
        if (s == null || !s.matches("[0-9]{1,5}")) return null;
        return Integer.parseInt(s);
    }

    /**
     * The part numbers a CompleteMultipartUpload body lists, in its order (<CompleteMultipartUpload><Part><PartNumber>),
     * read as S3 reads them: no DTD, no entities, no markup inside a number, exactly one number per part.
     */
    static List<String> listed(byte[] body) {
        if (body == null || body.length == 0) throw new IllegalArgumentException("CompleteMultipartUpload without its body");
        try {
            var r = XmlParameters.reader(body);
            List<String> numbers = new ArrayList<>();
            List<String> path = new ArrayList<>();
            StringBuilder text = null;
            int inPart = 0;
            while (r.hasNext()) {
                int e = r.next();
                switch (e) {
                    case javax.xml.stream.XMLStreamConstants.DTD, javax.xml.stream.XMLStreamConstants.ENTITY_REFERENCE ->
                            throw new IllegalArgumentException("a DTD or entity in the CompleteMultipartUpload body");
                    case javax.xml.stream.XMLStreamConstants.START_ELEMENT -> {
                        if (text != null) throw new IllegalArgumentException("a <PartNumber> holds markup, not only text");
                        path.add(r.getLocalName());
                        if (path.size() == 1 && !path.get(0).equals("CompleteMultipartUpload")) {
                            throw new IllegalArgumentException("the body is not a <CompleteMultipartUpload>");
                        }
                        if (path.equals(List.of("CompleteMultipartUpload", "Part"))) inPart = 0;
                        if (path.equals(List.of("CompleteMultipartUpload", "Part", "PartNumber"))) text = new StringBuilder();
                    }
                    case javax.xml.stream.XMLStreamConstants.CHARACTERS, javax.xml.stream.XMLStreamConstants.CDATA,
                         javax.xml.stream.XMLStreamConstants.SPACE -> {
                        if (text != null) text.append(r.getText());
                    }
                    case javax.xml.stream.XMLStreamConstants.END_ELEMENT -> {
                        if (path.equals(List.of("CompleteMultipartUpload", "Part", "PartNumber"))) {
                            numbers.add(text.toString().trim());
                            text = null;
                            inPart++;
                        }
                        if (path.equals(List.of("CompleteMultipartUpload", "Part")) && inPart != 1) {
                            throw new IllegalArgumentException("a <Part> without exactly one <PartNumber>");
                        }
                        path.remove(path.size() - 1);
                    }
                    default -> {
                        if (text != null && e != javax.xml.stream.XMLStreamConstants.END_DOCUMENT) {
                            throw new IllegalArgumentException("a <PartNumber> holds markup, not only text");
                        }
                    }
                }
            }
            return numbers;
        } catch (javax.xml.stream.XMLStreamException e) {
            throw new IllegalArgumentException("the CompleteMultipartUpload body is not XML hoop can read: " + e.getMessage());
        }
    }
}
