using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using TicketPortal.EventStream;

namespace TicketPortal.Tests.Support;

/// <summary>What a secured Kafka listener does in front of librdkafka's mock cluster, which has no SASL or TLS of
/// its own: TLS with a certificate made here (its PEM is the CA file clients trust), then the Kafka protocol's SASL
/// exchange (SaslHandshake, SaslAuthenticate) with PLAIN or SCRAM-SHA-256/512 checked against one user, and only
/// then the broker itself, byte for byte. The cluster advertises the gateway, so every connection a client makes
/// comes through it; a client without the right credentials gets nothing from the broker.</summary>
public sealed class KafkaSaslGateway : IAsyncDisposable
{
    private const short SaslHandshake = 17;
    private const short ApiVersions = 18;
    private const short SaslAuthenticate = 36;
    private const short UnsupportedSaslMechanism = 33;
    private const short SaslAuthenticationFailed = 58;

    private readonly TcpListener listener = new(IPAddress.IPv6Any, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly (string Host, int Port) broker;
    private readonly string mechanism;
    private readonly string user;
    private readonly string password;
    private readonly X509Certificate2? certificate;
    private readonly Task accepting;
    private int authenticated;
    private int refused;

    private KafkaSaslGateway(MockKafkaCluster cluster, string mechanism, string user, string password, bool tls)
    {
        var first = cluster.BootstrapServers.Split(',')[0];
        broker = (first[..first.LastIndexOf(':')], int.Parse(first[(first.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        (this.mechanism, this.user, this.password) = (mechanism, user, password);
        if (tls)
        {
            (certificate, var pem) = LocalhostCertificate();
            CaFile = Path.Combine(Directory.CreateTempSubdirectory("ticketportal-kafka-ca-").FullName, "ca.pem");
            File.WriteAllText(CaFile, pem);
        }
        // localhost may resolve to ::1 or 127.0.0.1: take both.
        listener.Server.DualMode = true;
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        BootstrapServers = $"localhost:{port}";
        cluster.AdvertiseBroker(1, "localhost", port);
        accepting = AcceptAsync();
    }

    /// <param name="mechanism">PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.</param>
    public static KafkaSaslGateway Start(MockKafkaCluster cluster, string mechanism, string user, string password, bool tls) =>
        new(cluster, mechanism, user, password, tls);

    public string BootstrapServers { get; }
    /// <summary>The PEM file of the gateway's certificate (with TLS), for ssl.ca.location.</summary>
    public string? CaFile { get; }
    public int Authenticated => Volatile.Read(ref authenticated);
    public int Refused => Volatile.Read(ref refused);

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
                connections.Add(ServeAsync(await listener.AcceptTcpClientAsync(stop.Token)));
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using var _ = client;
            Stream down = client.GetStream();
            if (certificate is not null)
            {
                var ssl = new SslStream(down);
                await ssl.AuthenticateAsServerAsync(certificate);
                down = ssl;
            }
            await using (down)
            {
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(broker.Host, broker.Port, stop.Token);
                var up = upstream.GetStream();
                if (!await AuthenticateAsync(down, up))
                    return;
                await Task.WhenAny(down.CopyToAsync(up, stop.Token), up.CopyToAsync(down, stop.Token));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            // A client that went away (or did not trust the certificate): nothing to serve.
        }
    }

    /// <summary>Answers requests until the client authenticated (true) or failed to (false). Only ApiVersions goes
    /// to the broker before that, its answer extended with the SASL requests this gateway serves.</summary>
    private async Task<bool> AuthenticateAsync(Stream down, Stream up)
    {
        ScramServer? scram = null;
        while (await ReadFrameAsync(down) is { } request)
        {
            var apiKey = BinaryPrimitives.ReadInt16BigEndian(request);
            var version = BinaryPrimitives.ReadInt16BigEndian(request.AsSpan(2));
            var correlation = request.AsSpan(4, 4).ToArray();
            // Header v1 (none of these requests is flexible at the versions offered): key, version, correlation, client id.
            var body = 8 + 2 + Math.Max(0, (int)BinaryPrimitives.ReadInt16BigEndian(request.AsSpan(8)));
            switch (apiKey)
            {
                case ApiVersions:
                    await WriteFrameAsync(up, request);
                    await WriteFrameAsync(down, WithSasl(await ReadFrameAsync(up) ?? throw new IOException("The broker closed."), version));
                    break;
                case SaslHandshake:
                    var asked = Encoding.UTF8.GetString(request, body + 2, BinaryPrimitives.ReadInt16BigEndian(request.AsSpan(body)));
                    var known = asked == mechanism;
                    await WriteFrameAsync(down, [.. correlation, .. Int16(known ? (short)0 : UnsupportedSaslMechanism), .. Int32(1), .. String(mechanism)]);
                    if (!known)
                        return Refuse();
                    break;
                case SaslAuthenticate:
                    var token = request.AsSpan(body + 4, BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(body))).ToArray();
                    byte[]? reply;
                    bool done;
                    if (mechanism == "PLAIN")
                        (reply, done) = (PlainAccepts(token) ? [] : null, true);
                    else
                        (reply, done) = (scram ??= new ScramServer(mechanism, user, password)).Step(token);
                    byte[] answer = [.. correlation, .. Int16(reply is null ? SaslAuthenticationFailed : (short)0),
                        .. reply is null ? String("Authentication failed: invalid credentials") : Int16(-1),
                        .. Int32((reply ?? []).Length), .. reply ?? [], .. version >= 1 ? new byte[8] : []];
                    await WriteFrameAsync(down, answer);
                    if (reply is null)
                        return Refuse();
                    if (done)
                    {
                        Interlocked.Increment(ref authenticated);
                        return true;
                    }
                    break;
                default:
                    // Anything else before authentication: a listener that demands SASL drops the connection.
                    return Refuse();
            }
        }
        return false;
    }

    private bool Refuse()
    {
        Interlocked.Increment(ref refused);
        return false;
    }

    private bool PlainAccepts(byte[] token)
    {
        // authzid \0 authcid \0 password
        var parts = Encoding.UTF8.GetString(token).Split('\0');
        return parts.Length == 3 && parts[1] == user && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parts[2]), Encoding.UTF8.GetBytes(password));
    }

    /// <summary>The broker's ApiVersions answer plus SaslHandshake v0-1 and SaslAuthenticate v0-1, which a SASL
    /// client must see offered.</summary>
    private static byte[] WithSasl(byte[] response, short requestVersion)
    {
        // Correlation id, then the body: error code, the API array, the rest (throttle time, tagged fields).
        if (BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)) != 0)
            return response;
        var flexible = requestVersion >= 3;
        var at = 6;
        int count;
        if (flexible)
            count = (int)ReadUVarInt(response, ref at) - 1;
        else
        {
            count = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(at));
            at += 4;
        }
        var entries = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var start = at;
            at += 6;
            if (flexible)
                SkipTaggedFields(response, ref at);
            if (BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(start)) is not (SaslHandshake or SaslAuthenticate))
                entries.Add(response[start..at]);
        }
        byte[] Entry(short key) => [.. Int16(key), .. Int16(0), .. Int16(1), .. flexible ? new byte[] { 0 } : []];
        entries.Add(Entry(SaslHandshake));
        entries.Add(Entry(SaslAuthenticate));
        var head = response[..6];
        byte[] length = flexible ? UVarInt((uint)entries.Count + 1) : Int32(entries.Count);
        return [.. head, .. length, .. entries.SelectMany(e => e), .. response[at..]];
    }

    private static ulong ReadUVarInt(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
    }

    private static byte[] UVarInt(uint value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static void SkipTaggedFields(byte[] data, ref int at)
    {
        var fields = ReadUVarInt(data, ref at);
        for (ulong i = 0; i < fields; i++)
        {
            ReadUVarInt(data, ref at);
            at += (int)ReadUVarInt(data, ref at);
        }
    }

    private static byte[] Int16(short value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(b, value);
        return b;
    }

    private static byte[] Int32(int value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        return b;
    }

    private static byte[] String(string value) => [.. Int16((short)Encoding.UTF8.GetByteCount(value)), .. Encoding.UTF8.GetBytes(value)];

    private static async Task<byte[]?> ReadFrameAsync(Stream stream)
    {
        var size = new byte[4];
        if (!await ReadExactlyOrEndAsync(stream, size))
            return null;
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        return await ReadExactlyOrEndAsync(stream, frame) ? frame : null;
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    private static async Task WriteFrameAsync(Stream stream, byte[] frame)
    {
        await stream.WriteAsync(Int32(frame.Length));
        await stream.WriteAsync(frame);
        await stream.FlushAsync();
    }

    private static (X509Certificate2 Certificate, string Pem) LocalhostCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        // Its own CA: the PEM is both the trusted root and the server's certificate.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null), created.ExportCertificatePem());
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
        certificate?.Dispose();
        if (CaFile is not null)
            Directory.Delete(Path.GetDirectoryName(CaFile)!, recursive: true);
    }
}
