package analyzer

// Flagged makes an analyzer configured by flags, as Analyzer is.
var Flagged = flagged
