import a_module_that_does_not_exist  # noqa: F401 - for test_a_broken_job_module_is_not_reported_as_missing
