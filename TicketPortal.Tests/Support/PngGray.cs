using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TicketPortal.Tests.Support;

/// <summary>Reads a non-interlaced grayscale or palette PNG (what QR encoders write) into one byte of luminance per
/// pixel, so a test can hand a served image to a QR decoder without an imaging library.</summary>
public static class PngGray
{
    public static (byte[] Luminance, int Width, int Height) Read(byte[] png)
    {
        Assert.Equal("\x89PNG\r\n\x1a\n", Encoding.Latin1.GetString(png, 0, 8));
        int width = 0, height = 0, depth = 0, colorType = 0;
        byte[] palette = [];
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    (width, height, depth, colorType) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]), data[8], data[9]);
                    Assert.Equal(0, data[12]); // not interlaced
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }
            at += 12 + length;
        }
        Assert.True(colorType is 0 or 3, $"PNG colour type {colorType} is not grayscale or palette");
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(new MemoryStream(idat.ToArray()), CompressionMode.Decompress))
            z.CopyTo(inflated);
        var raw = inflated.ToArray();
        var stride = (width * depth + 7) / 8;
        var bpp = Math.Max(1, depth / 8);
        var previous = new byte[stride];
        var luminance = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int a = i >= bpp ? line[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                line[i] = (byte)(line[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
            for (var x = 0; x < width; x++)
            {
                var sample = depth == 8 ? line[x] : (line[x * depth / 8] >> (8 - depth - x * depth % 8)) & ((1 << depth) - 1);
                luminance[y * width + x] = colorType == 3
                    ? (byte)((palette[sample * 3] + palette[sample * 3 + 1] + palette[sample * 3 + 2]) / 3)
                    : (byte)(sample * 255 / ((1 << depth) - 1));
            }
            previous = line;
        }
        return (luminance, width, height);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
