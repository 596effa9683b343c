namespace TicketPortal.Tests.Support;

/// <summary>Tests that start several portal processes (and brokers) of their own: one class at a time, after the
/// parallel ones, so the browser tests' timing does not depend on how many portals happen to start beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "portal processes";
}
