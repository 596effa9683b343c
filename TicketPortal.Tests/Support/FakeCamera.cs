using System.Text;

namespace TicketPortal.Tests.Support;

/// <summary>A video file for Chromium's fake camera (--use-file-for-fake-video-capture): a Y4M clip whose every frame is
/// a grayscale picture (a QR code) centred on white, as if held up to a webcam.</summary>
public static class FakeCamera
{
    public static string WriteY4m(byte[] png, string path, int width = 640, int height = 480, int frames = 10)
    {
        var (luminance, w, h) = PngGray.Read(png);
        Assert.True(w <= width && h <= height, $"A {w}×{h} picture does not fit a {width}×{height} frame.");
        var y = new byte[width * height];
        Array.Fill(y, (byte)255);
        int left = (width - w) / 2, top = (height - h) / 2;
        for (var row = 0; row < h; row++)
            Array.Copy(luminance, row * w, y, (top + row) * width + left, w);
        var chroma = new byte[width / 2 * (height / 2)];
        Array.Fill(chroma, (byte)128);
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n"));
        for (var i = 0; i < frames; i++)
        {
            file.Write("FRAME\n"u8);
            file.Write(y);
            file.Write(chroma);
            file.Write(chroma);
        }
        return path;
    }
}
