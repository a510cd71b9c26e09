namespace FunctionsMcp.Mcp.Tests.Protection;

/// <summary>
/// A clock that moves only when told, timers included (<c>ManualTimeProvider</c> stops the time
/// read but leaves timers on the real clock): a <c>Task.Delay</c> on it completes when <see cref="Advance"/> passes
/// its due time, so a test sees exactly what a flush interval's end does, without sleeping.
/// </summary>
internal sealed class AuditClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = start;

    /// <summary>How many timers wait for the clock to reach their due time.</summary>
    public int Timers
    {
        get
        {
            lock (_lock)
                return _timers.Count;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on and runs, on this thread, every timer that fell due.</summary>
    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_lock)
        {
            _now += by;
            due = [.. _timers.Where(t => t.Due <= _now)];
            foreach (Timer timer in due)
                timer.Fired();
        }

        foreach (Timer timer in due)
            timer.Run();
    }

    private sealed class Timer(AuditClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset Due { get; private set; } = DateTimeOffset.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool now;
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                _period = period;
                now = dueTime == TimeSpan.Zero;
                if (dueTime == Timeout.InfiniteTimeSpan || now)
                    Due = DateTimeOffset.MaxValue;
                else
                {
                    Due = clock._now + dueTime;
                    clock._timers.Add(this);
                }
            }

            if (now)
                Run();
            return true;
        }

        /// <summary>Called under the clock's lock: the next due time, or none.</summary>
        public void Fired()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                clock._timers.Remove(this);
                Due = DateTimeOffset.MaxValue;
            }
            else
                Due += _period;
        }

        public void Run() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
                clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
