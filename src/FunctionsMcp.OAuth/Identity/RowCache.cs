namespace FunctionsMcp.OAuth.Identity;

/// <summary>
/// Rows read recently, each reused until <c>lifetime</c> has passed since its read began, at most <c>capacity</c> at once.
/// Concurrent misses for one key share one read. A failed read is forgotten at once, so the next caller reads again; a row that
/// does not exist (null) is kept like any other, so a credential naming a missing user costs no more than one naming a real one.
/// </summary>
/// <remarks>
/// When full, expired rows are dropped; if that frees less than a tenth of the room, everything is dropped. Clearing rather
/// than evicting the least recently used keeps a hit free of bookkeeping (no list to reorder under the lock); a full cache
/// means more active users than the setting expects, and each of them costs one read again. Either way a clear happens at
/// most once every tenth of <c>capacity</c> misses, so the cost per miss stays constant.
/// </remarks>
internal sealed class RowCache<TKey, TValue>(TimeSpan lifetime, int capacity, TimeProvider time)
    where TKey : notnull
    where TValue : class
{
    private readonly Dictionary<TKey, Entry> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>How many rows are held (reads in flight included).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _entries.Count;
        }
    }

    /// <summary>
    /// The row for <paramref name="key"/>: held, being read by another caller, or read now with <paramref name="read"/>. The
    /// read runs without the caller's cancellation, since others may come to wait for it; each caller stops waiting on its own.
    /// </summary>
    public Task<TValue?> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue?>> read, CancellationToken cancellationToken)
    {
        if (lifetime <= TimeSpan.Zero)
            return read(key, cancellationToken);

        DateTimeOffset now = time.GetUtcNow();
        Entry entry;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out Entry? held) && now - held.ReadAt < lifetime)
                return held.Row.Task.WaitAsync(cancellationToken);

            MakeRoom(now);
            entry = new Entry(now);
            _entries[key] = entry;
        }

        _ = ReadAsync(key, entry, read);
        return entry.Row.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the row for <paramref name="key"/>, so the next caller reads it again (after this instance changed it).</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
            _entries.Remove(key);
    }

    private async Task ReadAsync(TKey key, Entry entry, Func<TKey, CancellationToken, Task<TValue?>> read)
    {
        try
        {
            entry.Row.SetResult(await read(key, CancellationToken.None));
        }
        catch (Exception ex)
        {
            // Forgotten before the waiters hear of it, so one that retries at once reads again.
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out Entry? held) && ReferenceEquals(held, entry))
                    _entries.Remove(key);
            }

            entry.Row.SetException(ex);
        }
    }

    /// <summary>Called under the lock before adding: keeps the count below <c>capacity</c>.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < capacity)
            return;
        foreach ((TKey key, Entry entry) in _entries)
        {
            if (now - entry.ReadAt >= lifetime)
                _entries.Remove(key);
        }

        if (_entries.Count >= capacity - (capacity / 10))
            _entries.Clear();
    }

    private sealed class Entry(DateTimeOffset readAt)
    {
        public DateTimeOffset ReadAt { get; } = readAt;

        public TaskCompletionSource<TValue?> Row { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
