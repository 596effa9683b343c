using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace TicketPortal.Tests.Support;

/// <summary>The text of the QR code in a PNG, read by ZXing.Net as a phone's scanner would.</summary>
public static class QrText
{
    public static string Decode(byte[] png)
    {
        var (luminance, width, height) = PngGray.Read(png);
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8)));
        // ZXing's finder-pattern search misses about 4 in 1000 of these perfectly square, noiseless images (measured
        // on 3000 random codes; a camera's picture is never that clean). Read as a pure code, every one decodes.
        var result = new QRCodeReader().decode(bitmap)
                     ?? new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true });
        Assert.NotNull(result);
        return result.Text;
    }
}
