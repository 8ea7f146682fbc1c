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

/// <summary>
/// Fixed windows of the rate limits (<c>Api:RequestsPerMinute</c>, the account pages' attempts), counted on this node or, with
/// <c>Redis:Configuration</c>, in Redis, so that the nodes behind one proxy share one budget: a client that spent it through
/// node A gets a 429 from node B. In Redis a window is one key per limiter and partition (the partition hashed: it can be an
/// e-mail address), counted by a Lua script that increments it and sets its expiry in one step (<see cref="WindowScript"/>);
/// the window starts with its first request. When Redis is out of reach (not yet connected, down, slow), the window is counted
/// on this node instead, as without Redis, and that is logged (at most once a minute): a request is never failed by the
/// limiter's store. After a failure, Redis is not asked again for <see cref="RetryRedisAfter"/>, so a store that times out
/// does not slow every request.
/// </summary>
public sealed class SharedRateWindows : IDisposable
{
    public static readonly TimeSpan RetryRedisAfter = TimeSpan.FromSeconds(5);

    /// <summary>KEYS[1] the window, ARGV[1] its length in ms: returns the count in the window (this request included) and the
    /// milliseconds until it ends.</summary>
    internal const string WindowScript = """
        local n = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return {n, ttl}
        """;

    private readonly Task<StackExchange.Redis.ConnectionMultiplexer>? _redis;
    private readonly ILogger<SharedRateWindows> _log;
    private readonly TimeProvider _clock;
    private long _redisDownUntil;
    private long _loggedAt = long.MinValue;

    public SharedRateWindows(IConfiguration configuration, ILogger<SharedRateWindows> log, TimeProvider clock)
    {
        _log = log;
        _clock = clock;
        if (configuration["Redis:Configuration"] is not { Length: > 0 } redis) return;
        var options = StackExchange.Redis.ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false; // connect in the background, reconnect for ever
        options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast; // while disconnected, fail at once: the local window counts
        options.ClientName ??= "learning-network-rate-limits";
        _redis = StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Whether the windows are counted in Redis now (configured and connected); until it connects, and whenever it is
    /// out of reach, they are counted on this node.</summary>
    public bool Shared => _redis is { IsCompletedSuccessfully: true } redis && redis.Result.IsConnected;

    /// <summary>A fixed window of <paramref name="permits"/> per <paramref name="window"/> for the partition <paramref name="key"/>
    /// of the limiter <paramref name="limiter"/> (a name unique among the app's limiters); not limited when the key is null or
    /// the permits 0.</summary>
    public RateLimitPartition<string> Window(string limiter, string? key, int permits, TimeSpan window)
    {
        if (key is null || permits <= 0) return RateLimitPartition.GetNoLimiter("");
        var options = new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = false };
        return _redis is null
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => options)
            : RateLimitPartition.Get(key, k => new RedisWindow(this, RedisKey(limiter, window, k), permits, window, new FixedWindowRateLimiter(options)));
    }

    private static string RedisKey(string limiter, TimeSpan window, string key) =>
        $"ln-rate:{limiter}:{(long)window.TotalSeconds}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32]}";

    /// <summary>The count of the window in Redis and the time left in it, or null when Redis did not answer.</summary>
    private async ValueTask<(long Count, TimeSpan Left)?> CountAsync(string key, TimeSpan window, bool sync)
    {
        if (_redis is not { IsCompletedSuccessfully: true } connecting || _clock.GetTimestamp() < Interlocked.Read(ref _redisDownUntil)) return null;
        try
        {
            var db = connecting.Result.GetDatabase();
            var args = new StackExchange.Redis.RedisValue[] { (long)window.TotalMilliseconds };
            StackExchange.Redis.RedisKey[] keys = [key];
            var result = sync ? db.ScriptEvaluate(WindowScript, keys, args) : await db.ScriptEvaluateAsync(WindowScript, keys, args);
            var values = (StackExchange.Redis.RedisResult[])result!;
            return ((long)values[0], TimeSpan.FromMilliseconds(Math.Max(0, (long)values[1])));
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException or InvalidCastException)
        {
            var now = _clock.GetTimestamp();
            Interlocked.Exchange(ref _redisDownUntil, now + (long)(RetryRedisAfter.TotalSeconds * _clock.TimestampFrequency));
            var logged = Interlocked.Read(ref _loggedAt);
            if ((logged == long.MinValue || _clock.GetElapsedTime(logged, now) > TimeSpan.FromMinutes(1)) && Interlocked.CompareExchange(ref _loggedAt, now, logged) == logged)
                _log.LogWarning(e, "Redis did not answer for the rate limits: counting on this node for now (the nodes do not share the budget meanwhile)");
            return null;
        }
    }

    public void Dispose()
    {
        if (_redis is null) return;
        if (_redis.IsCompletedSuccessfully) _redis.Result.Dispose();
        else _ = _redis.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>One partition's window in Redis, with the local window it falls back to (replenished by the partitioned limiter's
    /// own timer: no timer of its own).</summary>
    private sealed class RedisWindow(SharedRateWindows owner, string key, int permits, TimeSpan window, FixedWindowRateLimiter local) : ReplenishingRateLimiter
    {
        private long _lastUsed = owner._clock.GetTimestamp();

        public override bool IsAutoReplenishing => false;
        public override TimeSpan ReplenishmentPeriod => window;
        public override bool TryReplenish() => local.TryReplenish();
        /// <summary>Idle (so the partitioned limiter may drop it) when its local window holds no count and it was not asked for a while.</summary>
        public override TimeSpan? IdleDuration => local.IdleDuration is null ? null : owner._clock.GetElapsedTime(Interlocked.Read(ref _lastUsed));
        public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
            Lease(owner.CountAsync(key, window, sync: true).AsTask().GetAwaiter().GetResult(), permitCount);

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            Lease(await owner.CountAsync(key, window, sync: false), permitCount);

        private RateLimitLease Lease((long Count, TimeSpan Left)? counted, int permitCount)
        {
            Interlocked.Exchange(ref _lastUsed, owner._clock.GetTimestamp());
            if (counted is not { } c) return local.AttemptAcquire(permitCount);
            return c.Count <= permits ? Granted.Instance : new Refused(c.Left);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) local.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Instance = new();
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private sealed class Refused(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;
        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
