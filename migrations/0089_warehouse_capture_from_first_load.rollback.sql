drop sequence dw.capture_switch;
