using System.Threading.RateLimiting;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// Rate limiters that live exactly as long as the app: each partitioned limiter runs a timer that replenishes its windows,
/// and a timer left running holds its limiter, the partitioner and whatever that reaches (the request pipeline) for ever.
/// A chain made here disposes its parts with itself; the app's global limiter is a singleton, disposed with the services.
/// </summary>
public static class RateLimiters
{
    /// <summary>Like <see cref="PartitionedRateLimiter.CreateChained{TResource}"/>, but owning its parts: disposing it disposes them.</summary>
    public static PartitionedRateLimiter<T> Chain<T>(params PartitionedRateLimiter<T>[] parts) => new OwningChain<T>(parts);

    private sealed class OwningChain<T>(PartitionedRateLimiter<T>[] parts) : PartitionedRateLimiter<T>
    {
        private readonly PartitionedRateLimiter<T> _chain = PartitionedRateLimiter.CreateChained(parts);

        public override RateLimiterStatistics? GetStatistics(T resource) => _chain.GetStatistics(resource);

        protected override RateLimitLease AttemptAcquireCore(T resource, int permitCount) => _chain.AttemptAcquire(resource, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(T resource, int permitCount, CancellationToken cancellationToken) =>
            _chain.AcquireAsync(resource, permitCount, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _chain.Dispose();
                foreach (var part in parts) part.Dispose();
            }
            base.Dispose(disposing);
        }

        protected override async ValueTask DisposeAsyncCore()
        {
            await _chain.DisposeAsync();
            foreach (var part in parts) await part.DisposeAsync();
            await base.DisposeAsyncCore();
        }
    }
}

/// <summary>The limiter every request passes (<see cref="ApiPolicies.UseGlobalRateLimit"/>), owned by the app's services.</summary>
public sealed class GlobalRateLimiter(PartitionedRateLimiter<HttpContext> limiter, int requestsPerMinute) : IDisposable
{
    public PartitionedRateLimiter<HttpContext> Limiter { get; } = limiter;

    /// <summary><c>Api:RequestsPerMinute</c>, for the 429's explanation.</summary>
    public int RequestsPerMinute { get; } = requestsPerMinute;

    public void Dispose() => Limiter.Dispose();
}
