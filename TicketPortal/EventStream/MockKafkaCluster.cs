using System.Runtime.InteropServices;
using System.Text;

namespace TicketPortal.EventStream;

/// <summary>librdkafka's built-in Kafka-protocol mock cluster on loopback, in memory: the embedded broker for
/// development and tests. Nothing it holds survives the process. Brokers can be taken down and up again, which
/// the tests use to simulate an outage.</summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IntPtr client;
    private readonly IntPtr cluster;
    private int disposed;

    private MockKafkaCluster(IntPtr client, IntPtr cluster, string bootstrapServers)
    {
        this.client = client;
        this.cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The "host:port,…" to give producers and consumers (and kcat's -b).</summary>
    public string BootstrapServers { get; }

    public static MockKafkaCluster Start(int brokers = 1)
    {
        NativeKafka.Load();
        var error = new byte[512];
        // The cluster lives inside a librdkafka client handle (a producer that sends nothing), kept as long as it.
        var conf = NativeMethods.rd_kafka_conf_new();
        var client = NativeMethods.rd_kafka_new(0, conf, error, (UIntPtr)error.Length);
        if (client == IntPtr.Zero)
        {
            // Only a client that was created takes ownership of its configuration.
            NativeMethods.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"librdkafka could not start: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        }
        var cluster = NativeMethods.rd_kafka_mock_cluster_new(client, brokers);
        if (cluster == IntPtr.Zero)
        {
            NativeMethods.rd_kafka_destroy(client);
            throw new InvalidOperationException("librdkafka could not start its mock cluster.");
        }
        return new MockKafkaCluster(client, cluster, Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_mock_cluster_bootstraps(cluster))!);
    }

    /// <summary>Creates a topic (an existing one is left as it is), so readers can be assigned its partitions before
    /// anything is written; otherwise the cluster creates topics on first use.</summary>
    public void CreateTopic(string topic, int partitions)
    {
        var error = NativeMethods.rd_kafka_mock_topic_create(cluster, Encoding.UTF8.GetBytes(topic + "\0"), partitions, 1);
        // 36: TOPIC_ALREADY_EXISTS.
        if (error is not (0 or 36))
            Check(error);
    }

    /// <summary>Broker ids run from 1.</summary>
    public void SetBrokerDown(int brokerId = 1) => Check(NativeMethods.rd_kafka_mock_broker_set_down(cluster, brokerId));

    public void SetBrokerUp(int brokerId = 1) => Check(NativeMethods.rd_kafka_mock_broker_set_up(cluster, brokerId));

    /// <summary>Tells clients (in metadata) to reach a broker at another address, for example a gateway in front of
    /// it; the broker itself keeps listening where it was.</summary>
    public void AdvertiseBroker(int brokerId, string host, int port) =>
        NativeMethods.rd_kafka_mock_broker_set_host_port(cluster, brokerId, Encoding.UTF8.GetBytes(host + "\0"), port);

    private static void Check(int error)
    {
        if (error != 0)
            throw new InvalidOperationException($"librdkafka mock cluster error {error}.");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        NativeMethods.rd_kafka_mock_cluster_destroy(cluster);
        NativeMethods.rd_kafka_destroy(client);
    }

    private static class NativeMethods
    {
        private const string Lib = NativeKafka.LibraryName;

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr rd_kafka_conf_new();

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void rd_kafka_conf_destroy(IntPtr conf);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void rd_kafka_destroy(IntPtr rk);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int rd_kafka_mock_topic_create(IntPtr cluster, byte[] topic, int partitionCount, int replicationFactor);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void rd_kafka_mock_broker_set_host_port(IntPtr cluster, int brokerId, byte[] host, int port);

        [DllImport(Lib)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);
    }
}

/// <summary>Which librdkafka this process uses. Confluent.Kafka's package ships several builds; its default
/// Linux one needs libsasl2.so.3, which Debian 12 lacks, so on Linux the self-contained centos8 build is loaded,
/// for Confluent.Kafka and for the mock cluster's own calls alike.</summary>
public static class NativeKafka
{
    public const string LibraryName = "librdkafka";
    private static readonly Lock Gate = new();
    private static bool loaded;

    public static void Load()
    {
        lock (Gate)
        {
            if (loaded)
                return;
            if (LinuxBuild() is { } path)
            {
                // Confluent.Kafka's own Library.Load(path) needs "libdl", which Debian 12 only has as libdl.so.2:
                // resolve its "librdkafka" (and ours) to the build instead, before its first call.
                DllImportResolver resolver = (name, _, _) => name == LibraryName ? NativeLibrary.Load(path) : IntPtr.Zero;
                NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, resolver);
                NativeLibrary.SetDllImportResolver(typeof(NativeKafka).Assembly, resolver);
            }
            _ = Confluent.Kafka.Library.VersionString;
            loaded = true;
        }
    }

    private static string? LinuxBuild()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return null;
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "centos8-librdkafka.so");
        return File.Exists(path) ? path : null;
    }
}
