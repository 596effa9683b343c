using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TicketPortal.Bench;

/// <summary>The burst's buyers, each on a keep-alive HTTP/1.1 connection of its own, sent by one thread from
/// requests encoded beforehand. Buyers press "buy" on machines of their own; here they share the portal's two
/// cores, and <see cref="HttpClient"/> spent them on its own work: every buyer's request was a task in the
/// generator's thread pool, and each answer's continuation queued behind the sends still to go, so nobody was
/// counted answered before the generator had sent the whole burst (the first answer at 130-360 ms). One thread
/// sends the 2000 requests in a few milliseconds; each answer is read on the socket's own completion.</summary>
public sealed class RawBuyers : IDisposable
{
    private readonly Connection[] connections;

    private RawBuyers(Connection[] connections) => this.connections = connections;

    public int Count => connections.Length;

    /// <summary>Connection i goes to <paramref name="addressOf"/>(i).</summary>
    public static async Task<RawBuyers> OpenAsync(int count, Func<int, Uri> addressOf)
    {
        var connections = new Connection[count];
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                var address = addressOf(i);
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Parse(address.Host), address.Port, ct);
                connections[i] = new Connection(socket, address.Authority);
            });
        }
        catch
        {
            foreach (var c in connections)
                c?.Dispose();
            throw;
        }
        return new RawBuyers(connections);
    }

    /// <summary>An HTTP/1.1 request for connection i's host, with the bearer token and the JSON body given.</summary>
    public byte[] Request(int i, string method, string path, string token, string? json = null)
    {
        var body = json is null ? "" : json;
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(connections[i].Authority).Append("\r\n")
            .Append("Authorization: Bearer ").Append(token).Append("\r\n");
        if (json is not null)
            head.Append("Content-Type: application/json; charset=utf-8\r\n");
        head.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n").Append(body);
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    /// <summary>Sends request i on connection i, all from one thread in order, and waits for every answer.
    /// Returns each request's status, its latency (from just before its send to its answer's last byte) and when
    /// it was answered, in seconds from the first send.</summary>
    public async Task<(int[] Statuses, double[] LatenciesMs, double[] AnsweredAt)> SendAllAsync(byte[][] requests)
    {
        var n = connections.Length;
        var (statuses, latencies, answeredAt, sentAt) = (new int[n], new double[n], new double[n], new long[n]);
        // Every read is waiting on its socket before the first request leaves.
        var reads = new Task[n];
        for (var i = 0; i < n; i++)
        {
            var k = i;
            reads[k] = connections[k].ReadResponseAsync().ContinueWith(t =>
            {
                var now = Stopwatch.GetTimestamp();
                statuses[k] = t.Result;
                latencies[k] = Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[k]), now).TotalMilliseconds;
                answeredAt[k] = Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[0]), now).TotalSeconds;
            }, TaskContinuationOptions.ExecuteSynchronously);
        }
        Exception? sendFailed = null;
        var sender = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < n; i++)
                {
                    Volatile.Write(ref sentAt[i], Stopwatch.GetTimestamp());
                    connections[i].Send(requests[i]);
                }
            }
            catch (Exception ex)
            {
                // The reads of requests never sent would wait for ever: closing every connection fails them.
                sendFailed = ex;
                Dispose();
            }
        }) { Name = "burst sender", IsBackground = true };
        sender.Start();
        try
        {
            await Task.WhenAll(reads).WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            Dispose();
            throw;
        }
        finally
        {
            sender.Join();
        }
        if (sendFailed is not null)
            throw new IOException("Sending the burst failed.", sendFailed);
        return (statuses, latencies, answeredAt);
    }

    public void Dispose()
    {
        foreach (var c in connections)
            c.Dispose();
    }

    private sealed class Connection(Socket socket, string authority) : IDisposable
    {
        private readonly byte[] buffer = new byte[16 * 1024];
        private int start, end;

        public string Authority => authority;

        public void Send(byte[] request)
        {
            for (var sent = 0; sent < request.Length;)
                sent += socket.Send(request, sent, request.Length - sent, SocketFlags.None);
        }

        /// <summary>Reads one response (Content-Length or chunked body) and returns its status code.</summary>
        public async Task<int> ReadResponseAsync()
        {
            var headEnd = await FindAsync(HeadEnd);
            var head = Encoding.ASCII.GetString(buffer, start, headEnd);
            start += headEnd + 4;
            if (!head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || !int.TryParse(head.AsSpan(9, 3), out var status))
                throw new InvalidDataException($"Not an HTTP/1.1 response: {head}");
            var lines = head.Split("\r\n");
            if (Header(lines, "Content-Length") is { } length)
                await SkipAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
            else if (Header(lines, "Transfer-Encoding") is { } te && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                await SkipChunksAsync();
            return status;
        }

        private static string? Header(string[] lines, string name) =>
            lines.Skip(1).Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();

        private async Task SkipChunksAsync()
        {
            while (true)
            {
                var lineEnd = await FindAsync(LineEnd);
                var sizeText = buffer.AsSpan(start, lineEnd);
                if (sizeText.IndexOf((byte)';') is >= 0 and var semicolon)
                    sizeText = sizeText[..semicolon];
                if (!Utf8Parser.TryParse(sizeText, out int size, out _, 'x'))
                    throw new InvalidDataException("Malformed chunk size.");
                start += lineEnd + 2;
                if (size == 0)
                {
                    // Trailer lines, if any, up to the empty line that ends the message.
                    int trailerEnd;
                    do
                    {
                        trailerEnd = await FindAsync(LineEnd);
                        start += trailerEnd + 2;
                    } while (trailerEnd > 0);
                    return;
                }
                await SkipAsync(size + 2);
            }
        }

        private static readonly byte[] LineEnd = "\r\n"u8.ToArray(), HeadEnd = "\r\n\r\n"u8.ToArray();

        /// <summary>Reads until the unread bytes hold <paramref name="delimiter"/>; returns where it starts, from start.</summary>
        private async Task<int> FindAsync(byte[] delimiter)
        {
            int at;
            while ((at = buffer.AsSpan(start, end - start).IndexOf(delimiter)) < 0)
                await FillAsync();
            return at;
        }

        private async Task SkipAsync(int count)
        {
            while (end - start < count)
            {
                count -= end - start;
                start = end = 0;
                await FillAsync();
            }
            start += count;
        }

        private async Task FillAsync()
        {
            if (start == end)
                start = end = 0;
            else if (end == buffer.Length && start == 0)
                throw new InvalidDataException($"A response head or chunk line longer than {buffer.Length} bytes.");
            else if (end == buffer.Length)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                (end, start) = (end - start, 0);
            }
            var read = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
            if (read == 0)
                throw new IOException("The portal closed the connection.");
            end += read;
        }

        public void Dispose() => socket.Dispose();
    }
}
