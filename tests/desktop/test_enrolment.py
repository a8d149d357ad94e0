def test_a_retry_in_this_run_sends_the_same_request_id_and_nothing_else_does() -> None:
    from desktop.services.enrolment import request_id_for

    server = "https://county.example:8443"
    first = request_id_for(server, "ABCD-EFGH-JKLM-NPQR")
    assert request_id_for(server, " abcd efgh jklm npqr ") == first  # typed loosely
    assert request_id_for(server, "ABCD-EFGH-JKLM-NPQS") != first
    assert request_id_for("https://other.example", "ABCD-EFGH-JKLM-NPQR") != first
    assert "ABCD" not in first and len(first) == 64
