package hoop.cli;

import io.nayuki.qrcodegen.QrCode;

/** A QR code as terminal text: two module rows per line with half blocks, light modules drawn, quiet zone included. */
final class Qr {
    private static final int QUIET = 2;

    private Qr() {}

    static String render(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.LOW);
        int n = qr.size;
        StringBuilder sb = new StringBuilder();
        for (int y = -QUIET; y < n + QUIET; y += 2) {
            for (int x = -QUIET; x < n + QUIET; x++) {
                boolean top = !dark(qr, x, y);
                boolean bottom = !dark(qr, x, y + 1);
                sb.append(top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static boolean dark(QrCode qr, int x, int y) {
        return x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.getModule(x, y);
    }
}
