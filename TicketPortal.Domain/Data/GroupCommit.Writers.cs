using Microsoft.Extensions.Logging;

namespace TicketPortal.Domain.Data;

// The writers a group runs: each queued, started or withdrawn once, and answered once.
public sealed partial class GroupCommit
{
    private abstract class Writer(Action? leaving)
    {
        private const int Queued = 0, Started = 1, Withdrawn = 2;
        private int state;

        public bool TryStart() => Interlocked.CompareExchange(ref state, Started, Queued) == Queued;

        public bool TryWithdraw()
        {
            if (Interlocked.CompareExchange(ref state, Withdrawn, Queued) != Queued)
                return false;
            Withdraw();
            return true;
        }

        /// <summary>Calls the writer's callback; its failure is logged, so the writer is still answered and the loop
        /// goes on.</summary>
        public void Leave(ILogger log)
        {
            try
            {
                leaving?.Invoke();
            }
            catch (Exception ex)
            {
                log.LogError(ex, "A group writer's leaving callback failed");
            }
        }

        public abstract Task Settled { get; }
        public abstract Task<(bool Keep, Exception? Failure)> WriteAsync(IServiceProvider services);
        /// <summary>Answers the writer: with its result, or with <paramref name="failure"/>.</summary>
        public void Settle(Exception? failure, ILogger log)
        {
            Leave(log);
            Answer(failure);
        }

        protected abstract void Answer(Exception? failure);
        protected abstract void Withdraw();
    }

    /// <param name="context">The caller's ambient context (its trace, its log scopes): the writer runs in it.</param>
    private sealed class Writer<T>(Func<IServiceProvider, Task<(T Result, bool Keep)>> write, ExecutionContext? context, Action? leaving) : Writer(leaving)
    {
        private readonly TaskCompletionSource<T> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Result => answer.Task;
        public override Task Settled => answer.Task;

        public override async Task<(bool Keep, Exception? Failure)> WriteAsync(IServiceProvider services)
        {
            try
            {
                var writing = default(Task<(T Result, bool Keep)>);
                if (context is null)
                    writing = write(services);
                else
                    ExecutionContext.Run(context, _ => writing = write(services), null);
                (result, var keep) = await writing!;
                return (keep, null);
            }
            catch (Exception ex)
            {
                return (false, ex);
            }
        }

        protected override void Answer(Exception? failure)
        {
            if (failure is null)
                answer.TrySetResult(result!);
            else
                answer.TrySetException(failure);
        }

        protected override void Withdraw() => answer.TrySetCanceled();
    }
}
