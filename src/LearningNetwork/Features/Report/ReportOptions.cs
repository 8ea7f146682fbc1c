namespace LearningNetwork.Features.Report;

/// <summary>Options of the network report (section <c>Report</c>).</summary>
public sealed class ReportOptions
{
    public const string Section = "Report";

    /// <summary>
    /// Whether everyone may read the report and its CSV files (the network's funders and the public), linked from the
    /// footer. Off by default: only coordinators (network admins and moderators) read it. The report holds counts, medians
    /// and shares only — no person, and no organisation that the partner directory does not already show — so turning it
    /// on discloses how active the network is, nothing personal.
    /// </summary>
    public bool Public { get; set; }
}
