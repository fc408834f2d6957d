DROP TABLE orders;
DROP TABL nosuch; -- want syntax-error "syntax error"
