"""The job-offer check: red flags, their evidence in free text, and a reasoned verdict."""
