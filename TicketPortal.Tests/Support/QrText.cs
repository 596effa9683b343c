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
        var result = new QRCodeReader().decode(bitmap);
        Assert.NotNull(result);
        return result.Text;
    }
}
