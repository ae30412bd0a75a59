int sprocket_turn(int teeth) { return teeth; }
