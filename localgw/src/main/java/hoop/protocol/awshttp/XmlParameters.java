package hoop.protocol.awshttp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * The settings an S3 bucket configuration's XML body holds, as the structure the aws CLI takes them in (an element
 * a name, its text a String, repeated elements a List), for the tables the CLI's options are read with
 * (S3Locations, AccessChanges): where a logging, inventory, analytics or replication configuration has S3 deliver objects,
 * and to whom its notifications go.
 */
final class XmlParameters {
    /** Their sub-resources: the body is read before the call is judged. */
    static final Set<String> SUBRESOURCES = Set.of("logging", "inventory", "analytics", "replication", "notification", "ownershipControls");

    private XmlParameters() {}

    /**
     * A reader of an S3 request body that resolves no DTD and no external entity (S3 reads none) and hands each text
     * run whole: the parsers of bucket configurations, DeleteObjects and CompleteMultipartUpload bodies share it.
     */
    static javax.xml.stream.XMLStreamReader reader(byte[] body) throws javax.xml.stream.XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newInstance();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f.createXMLStreamReader(new java.io.ByteArrayInputStream(body));
    }

    /** The body's document element's content; a DTD or entity is refused, as hoop cannot read it as S3 does. */
    static Map<String, Object> of(byte[] body) {
        if (body == null) throw new IllegalArgumentException("a bucket configuration without its body");
        try {
            var r = reader(body);
            List<Map<String, Object>> open = new ArrayList<>();
            List<String> names = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            Map<String, Object> root = new LinkedHashMap<>();
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.DTD || e == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new IllegalArgumentException("a DTD or entity in the bucket configuration");
                }
                if (e == XMLStreamConstants.START_ELEMENT) {
                    open.add(new LinkedHashMap<>());
                    names.add(r.getLocalName());
                    text.setLength(0);
                } else if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) {
                    text.append(r.getText());
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    Map<String, Object> done = open.remove(open.size() - 1);
                    String name = names.remove(names.size() - 1);
                    Object value = done.isEmpty() ? text.toString().strip() : done;
                    text.setLength(0);
                    if (open.isEmpty()) {
                        root = done;
                    } else {
                        add(open.get(open.size() - 1), name, value);
                    }
                }
            }
            return root;
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("the bucket configuration is not XML hoop can read: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> parent, String name, Object value) {
        Object had = parent.get(name);
        if (had == null) {
            parent.put(name, value);
        } else if (had instanceof List<?> l) {
            ((List<Object>) l).add(value);
        } else {
            parent.put(name, new ArrayList<>(List.of(had, value)));
        }
    }
}
