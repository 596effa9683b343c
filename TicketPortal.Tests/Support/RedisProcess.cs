using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TicketPortal.Tests.Support;

/// <summary>A Redis server of one test's own (Debian's redis-server, which test.sh installs), so the test can
/// take it away and bring it back without disturbing the shared one.</summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly int port = FreePort();
    private Process? process;

    public string Address => $"127.0.0.1:{port}";

    public static async Task<RedisProcess> StartAsync()
    {
        var redis = new RedisProcess();
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts (or restarts) the server on the same port, empty, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        process = Process.Start(new ProcessStartInfo("redis-server",
            $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGKILL: every client connection drops at once.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
