namespace FlexAspire.Api.Runs.Journal;

/// The changes a command made on its own DbContext (rows it read, changed and added), taken out of it so that the
/// journal writer commits them, with their frames, in its own transaction. The entities keep the values they were read
/// with, so the run row's version (xmin) still makes the write exactly-once: of two answers to one question, the
/// second's UPDATE matches no row.
public sealed class TrackedChanges
{
    private readonly List<(object Entity, EntityState State, string[] Modified)> _entries = [];

    private TrackedChanges(RunEntity run) => Run = run;

    public RunEntity Run { get; }

    /// Takes every pending change out of `db` (which is left empty) for `run`, the row the frames are numbered from.
    public static TrackedChanges Take(FlexDbContext db, RunEntity run)
    {
        db.ChangeTracker.DetectChanges();
        var changes = new TrackedChanges(run);
        var runTracked = false;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            runTracked |= ReferenceEquals(entry.Entity, run);
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted || ReferenceEquals(entry.Entity, run))
            {
                var modified = entry.State == EntityState.Modified
                    ? entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToArray()
                    : [];
                changes._entries.Add((entry.Entity, entry.State, modified));
            }
        }
        if (!runTracked)
        {
            throw new InvalidOperationException($"Run {run.Id} is not tracked by the command's context.");
        }
        db.ChangeTracker.Clear();
        return changes;
    }

    /// Attaches the changes to the writer's context and returns the run row (tracked there).
    public RunEntity AttachTo(FlexDbContext db)
    {
        foreach (var (entity, state, modified) in _entries)
        {
            var entry = db.Entry(entity);
            if (state == EntityState.Modified || ReferenceEquals(entity, Run))
            {
                entry.State = EntityState.Unchanged;
                foreach (var name in modified)
                {
                    entry.Property(name).IsModified = true;
                }
            }
            else
            {
                entry.State = state;
            }
        }
        return Run;
    }
}
